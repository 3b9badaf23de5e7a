import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Issue #15 item 3 for the rest of the registry's `add` commands (site, observatory, programme,
 * user, token): each prompt checks its answer with the field's own rule, and off a terminal every
 * bad flag value is reported together before anything is written.
 */
describe('prompt rules of site, observatory, programme, user and token', function () {
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
});
