import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { runCommand } from '../helpers/run-command.js';
import { runInTerminal } from '../helpers/run-in-terminal.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Values are checked where they enter (flags, arguments, import files): numbers beyond a column's
 * range, hex or exponents, impossible dates, endless durations, unbounded or control-laden text and
 * binary import files are each refused with exit 2 naming the flag (or the file's row and column),
 * before anything reaches the database; stored text with control characters is shown visibly.
 */
describe('input values across commands', function () {
  this.timeout(300_000);
  const db = useTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-values-'));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const COUNTED = ['staging_job', 'instrument_module', 'telescope', 'source', 'obs_unit', 'data_transfer'];
  const counts = async () => {
    const n: Record<string, number> = {};
    for (const t of COUNTED) n[t] = Number((await db.query(`select count(*) as n from ${t}`))[0].n);
    return n;
  };

  before(async () => {
    await loadOpsFixture(db);
  });

  it('refuses each out-of-range, non-decimal, impossible or unbounded value with exit 2 naming it, writing nothing', async () => {
    const before = await counts();
    const stage = ['staging', 'request', '--to', 'ramses/processing', 'P1', '--yes'];
    const cases: [string[], RegExp][] = [
      [['transfer', 'list', '--limit', '99999999999999999999'], /--limit/],
      [['transfer', 'show', '9999999999999999999'], /'9999999999999999999' is not a transfer id/],
      [['transfer', 'reset', '9999999999999999999', '--yes'], /'9999999999999999999' is not a transfer id/],
      [['transfer', 'list', '--after', '9999999999999999999'], /--after: '9999999999999999999' is not a transfer id/],
      [['transfer', 'list', '--stuck-for', '99999999999d'], /--stuck-for: '99999999999d' is longer than 1000 years/],
      [['audit', 'show', '9999999999999999999'], /'9999999999999999999' is not an audit run id/],
      [['db', 'migrate', 'down', '--steps', '99999999999999999999'], /--steps: must be at most 10000/],
      [['transfer', 'list', '--since', '0x10d'], /--since: '0x10d' is not a date or a duration/],
      [['transfer', 'list', '--stuck-for', '1e2h'], /--stuck-for: '1e2h' is not a duration/],
      [['file', 'register', '--location', 'ccat/buffer', '--concurrency', '200'], /--concurrency: must be at most 32/],
      [
        ['audit', 'copies', '--location', 'ccat/buffer', '--batch-size', '1000000'],
        /--batch-size: must be at most 100000/,
      ],
      [['archive', 'list', '--since', '99999999999d'], /--since: '99999999999d' is longer ago than 1000 years/],
      [['staging', 'list', '--since', '2026-02-30'], /--since: '2026-02-30' is not a valid date/],
      [['package', 'list', '--until', '2025-02-29T10:00Z'], /--until: '2025-02-29T10:00Z' is not a valid date/],
      [[...stage, '--priority', '99999999999'], /--priority/],
      [[...stage, '--reason', 'x'.repeat(20_000)], /--reason: must be at most 2000 characters/],
      [[...stage, '--reason', 'wipe\u001b[2J'], /--reason: must not contain control characters/],
      [[...stage, '--requested-by', ''], /--requested-by: must not be empty/],
      [[...stage, '--requested-by', 'alice\nbob'], /--requested-by: must not contain control characters/],
      [
        ['module', 'add', '--instrument', 'CHAI', '--name', 'M9', '--pixels', '1e12', '--no-prompt'],
        /--pixels: '1e12' is not a number; write a plain decimal number/,
      ],
      [
        ['module', 'add', '--instrument', 'CHAI', '--name', 'M9', '--pixels', '99999999999', '--no-prompt'],
        /--pixels: must be a whole number between 1 and 2147483647/,
      ],
      [
        [
          'obs-unit',
          'add',
          '--name',
          'ou-x',
          '--program',
          'GEco',
          '--source',
          'orion-kl',
          '--obs-mode',
          'otf',
          '--priority',
          ' 1',
        ],
        /--priority: ' 1' is not a number/,
      ],
      [
        ['telescope', 'add', '--name', 'T9', '--observatory', 'CCAT Observatory', '--latitude', '0x10'],
        /--latitude: '0x10' is not a number/,
      ],
      [
        ['source', 'import', file('hex.csv', 'name,ra_deg,dec_deg\nfine,10,2\nhexed,0x1F,2\n')],
        /hex\.csv: row 2 \(hexed\): ra_deg: '0x1F' is not a number/,
      ],
      [
        [
          'source',
          'import',
          file('binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])),
        ],
        /binary\.csv: not a text file/,
      ],
      [
        ['source', 'import', file('latin1.csv', Buffer.from('name,ra_deg,dec_deg\nM\xfcnster,1,2\n', 'latin1'))],
        /latin1\.csv: not a text file/,
      ],
      [
        ['obs-unit', 'import', file('headless.csv', 'ou-1,GEco,orion-kl,otf\n')],
        /headless\.csv: line 1 \(header\): unknown column 'ou-1'/,
      ],
      [['obs-unit', 'import', file('noname.csv', 'program,source\nGEco,orion-kl\n')], /column 'name' is missing/],
      [['source', 'import', file('empty.csv', '')], /empty\.csv: line 1 \(header\): missing/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCommand(args, { url: db.url })));
    runs.forEach((r, i) => {
      const [args, pattern] = cases[i];
      const what = args.join(' ').slice(0, 120);
      assert.equal(r.status, 2, `${what}: ${r.stderr}`);
      assert.match(r.stderr, pattern, what);
      assert.match(r.stderr, /^Error: /, what);
      assert.doesNotMatch(r.stderr, /out of range|invalid input syntax|NaN|\n\s+at /, what);
    });
    assert.deepEqual(await counts(), before);
  });

  it('shows stored text with control characters visibly on a terminal, and exactly under --json', async () => {
    const [{ id }] = await db.query<{ id: number }>(
      `insert into staging_job (destination_location_id, status, requested_by, reason)
       select l.id, 'pending', 'eve' || chr(27) || '[1m', 'wipe' || chr(27) || '[2J' || chr(7)
         from data_location l join site s on s.id = l.site_id
        where s.short_name = 'ramses' and l.name = 'processing'
       returning id`,
    );
    const [screen, json] = await Promise.all([
      runInTerminal(['staging', 'show', String(id)], [], { url: db.url }),
      runCommand(['staging', 'show', String(id), '--json'], { url: db.url }),
    ]);
    assert.equal(screen.status, 0, screen.screen);
    // The terminal helper strips escape sequences it receives: had ESC[2J gone out raw, '[2J' would be gone too.
    assert.match(screen.screen, /wipe\\x1B\[2J\\x07/);
    assert.match(screen.screen, /eve\\x1B\[1m/);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.json().reason, 'wipe\u001b[2J\u0007');
  });
});
