import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Issue #15 item 3 for the rest of the registry's `add` commands (site, observatory, programme,
 * user, token): each prompt checks its answer with the field's own rule, and off a terminal every
 * bad flag value is reported together before anything is written.
 */
describe('prompt rules of site, observatory, programme, user, token, source and obs unit', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);

  before(async () => {
    const r = await runCommand(['db', 'init'], { url: db.url });
    assert.equal(r.status, 0, r.stderr);
  });

  it("site add asks again for a short name with '/' in it", async () => {
    // short name ×2, name, description, geographic location, confirm
    const r = await runInTerminal(['site', 'add'], ['bonn/west', 'bonn', 'Bonn', '', '', 'y'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /must not contain '\/'/);
    assert.equal((await db.query(`select name from site where short_name = 'bonn'`))[0]?.name, 'Bonn');
    assert.equal(await count(`site where short_name like 'bonn/%'`), 0);
  });

  it('user add asks again for an email that is no address', async () => {
    // username, full name, email ×2, GitHub login, confirm
    const r = await runInTerminal(['user', 'add'], ['ada', '', 'ada-at-example', 'ada@example.org', '', 'y'], {
      url: db.url,
    });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /must be an email address like alice@example\.org/);
    assert.equal((await db.query(`select email from "user" where username = 'ada'`))[0]?.email, 'ada@example.org');
  });

  it('off a terminal the bad values of site, programme, observatory, user and token are all reported; nothing written', async () => {
    const tables = ['site', 'observing_program', 'observatory', '"user"', 'api_token'];
    const counts = async () => {
      const n: number[] = [];
      for (const table of tables) n.push(await count(table));
      return n;
    };
    const before = await counts();
    const cases: [string[], string[]][] = [
      [
        ['site', 'add', '--short-name', 'a/b', '--name', ' '],
        ["Error: --short-name: must not contain '/'", 'Error: --name: must not be empty'],
      ],
      [
        ['program', 'add', '--short-name', 'x'.repeat(65), '--name', 'Long'],
        ['Error: --short-name: must be at most 64 characters'],
      ],
      [['observatory', 'add', '--name', 'a\u0007b'], ['Error: --name: must not contain control characters']],
      [
        ['user', 'add', '--username', 'bob', '--email', 'bob', '--github-login', '-bob-'],
        [
          'Error: --email: must be an email address like alice@example.org',
          'Error: --github-login: must be a GitHub login (letters, digits and single hyphens, at most 39 characters)',
        ],
      ],
      [
        ['token', 'create', '--user', 'u'.repeat(65), '--name', ''],
        ['Error: --user: must be at most 64 characters', 'Error: --name: must not be empty'],
      ],
    ];
    for (const [args, errors] of cases) {
      const r = await runCommand(args, { url: db.url });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.deepEqual(lines.slice(0, -1), errors, args.join(' '));
      assert.match(lines.at(-1)!, /^Try: /);
    }
    assert.deepEqual(await counts(), before);
  });

  it('source add asks again for an RA out of range; obs-unit add for a priority that is no whole number', async () => {
    // name, type (fixed: the first choice), RA ×2, Dec, confirm
    const source = await runInTerminal(['source', 'add'], ['Vega', '', '400', '279.23', '38.78', 'y'], { url: db.url });
    assert.equal(source.status, 0, source.screen);
    assert.match(source.screen, /must be at least 0 and less than 360/);
    const [row] = await db.query(`select ra_deg, dec_deg from source where name = 'Vega'`);
    assert.deepEqual([Number(row.ra_deg), Number(row.dec_deg)], [279.23, 38.78]);
    // name, programme, sub-programme, source, obs mode (first choices), line, priority ×2, confirm
    const unit = await runInTerminal(['obs-unit', 'add'], ['ou-vega', '', '', '', '', '', '1.5', '7', 'y'], {
      url: db.url,
    });
    assert.equal(unit.status, 0, unit.screen);
    assert.match(unit.screen, /must be a whole number/);
    assert.equal((await db.query(`select priority from obs_unit where name = 'ou-vega'`))[0]?.priority, 7);
  });

  it('off a terminal every bad coordinate of a source and a bad priority are reported together', async () => {
    const before = await count('source');
    const r = await runCommand(
      ['source', 'add', '--name', 'Bad', '--type', 'constant_elevation', '--ra-min', '-1', '--ra-max', 'x'],
      { url: db.url, env: {} },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(r.stderr.trim().split('\n').slice(0, 2), [
      'Error: --ra-min: must be at least 0 and less than 360',
      "Error: --ra-max: 'x' is not a number; write a plain decimal number like 12 or -22.96",
    ]);
    assert.equal(await count('source'), before);
    const update = await runCommand(['source', 'update', 'Vega', '--ra', '-5', '--dec', '91'], { url: db.url });
    assert.equal(update.status, 2, update.stderr);
    assert.match(update.stderr, /--ra: must be at least 0 and less than 360\nError: --dec: must be between -90 and 90/);
    const unit = await runCommand(['obs-unit', 'update', 'ou-vega', '--priority', 'high'], { url: db.url });
    assert.equal(unit.status, 2, unit.stderr);
    assert.match(unit.stderr, /--priority: 'high' is not a number/);
  });
});
