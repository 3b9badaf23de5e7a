import assert from 'node:assert/strict';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops observatory', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const row = async (name: string) => (await db.query('select * from observatory where name = $1', [name]))[0];

  it('adds, lists and shows an observatory with its telescopes', async () => {
    assert.equal(
      (await cli('observatory', 'add', '--name', 'CCAT Observatory', '--description', 'Operates FYST')).status,
      0,
    );
    assert.equal((await cli('telescope', 'add', '--name', 'FYST', '--observatory', 'CCAT Observatory')).status, 0);
    const list = await cli('observatory', 'list', '--output', 'csv', '--columns', 'name,description');
    assert.equal(list.stdout, 'name,description\nCCAT Observatory,Operates FYST\n');
    const show = await cli('observatory', 'show', 'CCAT Observatory');
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, /^telescopes\s+FYST$/m);
    assert.equal((await row('CCAT Observatory')).description, 'Operates FYST');
  });

  it('renames and redescribes with before and after; --dry-run writes nothing', async () => {
    const dry = await cli('observatory', 'update', 'CCAT Observatory', '--new-name', 'CCAT', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update observatory 'CCAT Observatory'.*\n\s+name: CCAT Observatory → CCAT/);
    assert.ok(await row('CCAT Observatory'));
    const r = await cli('observatory', 'update', 'CCAT Observatory', '--new-name', 'CCAT', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().status, 'updated');
    assert.equal(await row('CCAT Observatory'), undefined);
    assert.equal((await row('CCAT')).name, 'CCAT');
    const again = await cli('observatory', 'update', 'CCAT', '--description', 'Operates FYST');
    assert.match(again.stdout, /already has these values: nothing changed/);
  });

  it('exits 4 with the nearest name for an unknown observatory', async () => {
    const r = await cli('observatory', 'show', 'CCTA');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no observatory 'CCTA'; did you mean 'CCAT'\?/);
  });
});
