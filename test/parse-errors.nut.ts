import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './helpers/run-command.js';

/**
 * oclif's own parse errors, as a user meets them: one line that names the flag or argument, says
 * what was wrong and what is allowed, exit 2. They fail before any database is opened, so these
 * runs need none (the URL points nowhere to prove it).
 */
describe('parse errors', function () {
  this.timeout(120_000);
  const nowhere = 'postgres://nobody@127.0.0.1:1/nothing';
  const missingDir = join(tmpdir(), 'ccat-ops-no-such-dir');

  const cases: [string[], RegExp][] = [
    // Each used to lose its reason: "Error: Parsing --limit", "The following error occurred:", exit 1 …
    [['transfer', 'list', '--limit', '0'], /^Error: --limit: must be at least 1 \(got 0\)$/],
    [
      ['transfer', 'list', '--limit', 'ten'],
      /^Error: --limit: 'ten' is not a whole number \(allowed: 1 to 2147483647\)$/,
    ],
    [['transfer', 'list', '--limit', ''], /^Error: --limit: '' is not a whole number \(allowed: 1 to 2147483647\)$/],
    [['transfer', 'backlog', '--days', '91'], /^Error: --days: must be at most 90 \(got 91\)$/],
    [['db', 'seed', '--seed-dir', missingDir], new RegExp(`^Error: --seed-dir: no such directory: ${missingDir}$`)],
    [['db', 'seed', '--seed-dir', import.meta.filename], /^Error: --seed-dir: .* exists but is not a directory$/],
    [['staging', 'request'], /^Error: missing required flag --to: the processing location to stage to \(SITE\/NAME\)$/],
    [['db', 'migrate', 'down', '--to'], /^Error: --to: needs a value: revert every migration applied after this one/],
    [
      ['transfer', 'list', '--limit', '5', '--all'],
      /^Error: --all and --limit cannot be used together; give one of them$/,
    ],
    [
      ['user', 'list', '--active', '--inactive'],
      /^Error: --active and --inactive cannot be used together; give one of them$/,
    ],
    [['telescope', 'show'], /^Error: missing argument NAME \(Telescope name\)$/],
    [['db', 'migrate', 'sideways'], /^Error: Expected DIRECTION=sideways to be one of: up, down$/],
    [['telescope', 'show', 'FYST', 'LMT'], /^Error: unexpected argument LMT: ccat-ops telescope show takes only NAME$/],
    [['db', 'init', '--sed-dir', 'x'], /^Error: Nonexistent flag: --sed-dir; did you mean --seed-dir\?$/],
    // A stray word after a command that takes none: oclif takes it for part of the command's name.
    [
      ['transfer', 'list', 'postgres://u:S3cretPW@h/d'],
      /^Error: unexpected argument postgres:\/\/u:\*\*\*@h\/d: ccat-ops transfer list takes no arguments$/,
    ],
    [
      ['transfer', 'list', 'a', 'b:c', '--limit', '2'],
      /^Error: unexpected arguments a, b:c: ccat-ops transfer list takes no arguments$/,
    ],
    // Checked with no read replica configured too.
    [['transfer', 'list', '--max-lag', 'abc'], /^Error: --max-lag: 'abc' is not a duration/],
    [['copy', 'list', '--max-lag', '-5'], /^Error: --max-lag: '-5' is not a duration/],
    [['postgres://u:S3cretPW@h/d'], /^Error: 'postgres:\/\/u:\*\*\*@h\/d' is not a ccat-ops command\.$/],
  ];

  it('say which flag, what was wrong and what is allowed, in one line with exit 2', async () => {
    const runs = await Promise.all(cases.map(([args]) => runCommand(args, { url: nowhere })));
    runs.forEach((r, i) => {
      const [args, expected] = cases[i];
      const what = `${args.join(' ')}: ${r.stderr}`;
      assert.equal(r.status, 2, what);
      const [line, hint, ...rest] = r.stderr.trimEnd().split('\n');
      assert.match(line, expected, what);
      assert.match(hint, /^Try: /, what);
      assert.deepEqual(rest, [], `one error line and one hint: ${what}`);
      assert.equal(r.stdout, '', what);
    });
  });

  it('CCAT_OPS_MAX_LAG is checked with no read replica configured too', async () => {
    const r = await runCommand(['telescope', 'list'], { url: nowhere, env: { CCAT_OPS_MAX_LAG: 'soon' } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^Error: --max-lag \(from CCAT_OPS_MAX_LAG\): 'soon' is not a duration/m);
  });

  it('never echo a password typed where it does not belong', async () => {
    const runs = await Promise.all(
      [
        ['transfer', 'list', 'postgres://u:S3cretPW@h/d'],
        ['postgres://u:S3cretPW@h/d', '--json'],
        ['telescope', 'show', 'FYST', 'postgresql://u:S3cretPW@h/d'],
        ['transfer', 'list', '--limit', '5', 'host=h password=S3cretPW'],
      ].map((args) => runCommand(args, { url: nowhere })),
    );
    for (const r of runs) {
      assert.equal(r.status, 2, r.stderr);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('S3cretPW'), `${r.stdout}${r.stderr}`);
    }
  });

  it('under --json are one JSON error document with exit code 2', async () => {
    const r = await runCommand(['transfer', 'list', '--limit', '0', '--json'], { url: nowhere });
    assert.equal(r.status, 2);
    assert.deepEqual(r.json().error, {
      name: 'UsageError',
      message: '--limit: must be at least 1 (got 0)',
      exitCode: 2,
      actions: ['see `ccat-ops transfer list --help`'],
    });
    const stray = await runCommand(['transfer', 'list', 'postgres://u:S3cretPW@h/d', '--json'], { url: nowhere });
    assert.equal(stray.status, 2);
    assert.deepEqual(stray.json().error, {
      name: 'UsageError',
      message: 'unexpected argument postgres://u:***@h/d: ccat-ops transfer list takes no arguments',
      exitCode: 2,
      actions: ['see `ccat-ops transfer list --help`'],
    });
  });
});
