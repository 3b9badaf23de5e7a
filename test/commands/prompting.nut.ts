import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('prompting policy (on a terminal only)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const dbName = () => new URL(db.url).pathname.slice(1);
  const sites = async () => Number((await db.query('select count(*) as n from site'))[0].n);

  before(async () => {
    const r = await runCommand(['db', 'init'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
  });

  it('asks on a terminal to type the database name before dropping, and keeps everything on a wrong answer', async () => {
    await db.query(`insert into site (short_name, name) values ('operator_site', 'Added by an operator')`);
    const r = await runInTerminal(['db', 'init', '--drop'], ['not-the-name'], { url: db.url });
    assert.match(r.screen, new RegExp(`Type ${dbName()} to confirm`));
    assert.match(r.screen, /Nothing changed\./);
    assert.equal(r.status, 0);
    assert.equal(await sites(), 5);
  });

  it('drops and rebuilds when the name is typed', async () => {
    const r = await runInTerminal(['db', 'init', '--drop'], [dbName()], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Dropped every ops-db table/);
    assert.equal(await sites(), 4, 'back to the bundled seed');
  });

  it('never asks with --no-prompt, even on a terminal: exit 2 naming the flag', async () => {
    const r = await runInTerminal(['db', 'init', '--drop', '--no-prompt'], [], { url: db.url });
    assert.equal(r.status, 2);
    assert.match(r.screen, /confirmation needed\s+Try: re-run with --yes to confirm/);
    assert.ok(!/Type .* to confirm/.test(r.screen));
  });

  it('db migrate down shows on a terminal what it would drop, asks, and reverts nothing on no', async () => {
    const applied = async () => (await db.query<{ name: string }>('select name from mikro_orm_migrations')).length;
    const before = await applied();
    const r = await runInTerminal(['db', 'migrate', 'down'], ['n'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /db migrate down reverts 1 migration:\n {2}Migration\d+_\w+: drops /);
    assert.match(r.screen, /Revert this migration, deleting what it drops with its data\?/);
    assert.match(r.screen, /Nothing changed\./);
    assert.equal(await applied(), before);
  });
});
