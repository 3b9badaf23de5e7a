import assert from 'node:assert/strict';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('every error says what to do next (a Try: line)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();

  it('for bad input, things not found, an unreachable database', async () => {
    const cases: [string[], number, string?][] = [
      [['obs-unit', 'import', '/nonexistent/units.csv'], 4],
      [['site', 'show', 'nosuch'], 4],
      [['transfer', 'reset'], 2],
      [['telescope', 'add', '--no-prompt'], 2],
      [['site', 'list'], 69, 'postgres://postgres@127.0.0.1:1/postgres'],
    ];
    const runs = await Promise.all(cases.map(([args, , url]) => runCommand(args, { url: url ?? db.url })));
    runs.forEach((r, i) => {
      const [args, code] = cases[i];
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      // One `Error:` line per problem (`telescope add` misses two flags), then one `Try:` line.
      assert.match(r.stderr, /^(Error: [^\n]+\n)+Try: [^\n]+\n$/, args.join(' '));
    });
  });
});
