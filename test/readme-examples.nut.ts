import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { E1, loadOpsFixture } from './helpers/ops-fixture.js';
import { BIN, isolatedEnv } from './helpers/run-cli.js';
import { useTestDatabase } from './helpers/test-database.js';

const README = join(import.meta.dirname, '..', 'README.md');

/**
 * What the README's examples name, on top of the ops fixture: the obs unit "Orion KL CO43", the
 * execution 3f1c9a2e, the packages pkg-0001-LFA and pkg-0002-LFA (archived) and
 * pkg-2026-11-24-0042-LFA, the failed transfers 81234 and 81240, and staging job ids from 42 on.
 * The telescope computer's root path is a directory of the test's (`$1`) holding obs-0043.
 */
const README_NAMES = `
insert into source (name, source_type, ra_deg, dec_deg) values ('Orion KL', 'fixed', 83.81, -5.37);
insert into obs_unit (name, observing_program_id, source_id, obs_mode_id, priority)
select 'Orion KL CO43', (select id from observing_program where short_name = 'GEco'),
       (select id from source where name = 'Orion KL'), (select id from obs_mode where name = 'otf'), 1;
insert into executed_obs_unit (id, obs_unit_id, status, start_time, end_time)
select '3f1c9a2e-5b7d-4c1a-9e2f-0a1b2c3d4e5f', id, 'completed', now() - interval '2 days', now() - interval '47 hours'
  from obs_unit where name = 'Orion KL CO43';
update executed_obs_unit set conditions = '{"pwv_mm": 0.6}' where id = '${E1}';
update raw_data_package set name = 'pkg-0001-LFA' where name = 'P1';
update raw_data_package set name = 'pkg-0002-LFA' where name = 'P2';
update raw_data_package set name = 'pkg-2026-11-24-0042-LFA' where name = 'P3';
create temp table readme_transfer as select * from data_transfer where id in (3, 6);
update readme_transfer set id = case id when 3 then 81234 else 81240 end;
insert into data_transfer overriding system value select * from readme_transfer;
drop table readme_transfer;
select setval(pg_get_serial_sequence('staging_job', 'id'), 41);
`;

/** The example filter file of the README (the YAML block of rules), as the examples' rules.yaml. */
function readmeRules(text: string): string {
  const rules = /```yaml\n((?:\s*- \{table:.*\n)+)\s*```/.exec(text);
  assert.ok(rules, 'the README shows a filter file');
  return rules[1].replace(/^\s+/gm, '');
}

/** One command of a README example: its shell text, its comment and where it starts in the README. */
interface ExampleCommand {
  line: number;
  shell: string;
  comment: string;
}

/** A fenced `sh` block of the README. */
interface ExampleBlock {
  line: number;
  /** The reason given in a `<!-- not runnable: REASON -->` comment just before the block. */
  notRunnable?: string;
  commands: ExampleCommand[];
}

/** Where the comment of a shell line starts: a `#` after a space, outside quotes (or -1). */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || line[i - 1] === ' ')) return i;
  }
  return -1;
}

/** The README's fenced `sh` blocks, each cut into commands (continuation lines joined, comments apart). */
export function readmeExamples(text: string): ExampleBlock[] {
  const lines = text.split('\n');
  const blocks: ExampleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    let before = i - 1;
    while (before >= 0 && !lines[before].trim()) before--;
    const marker = /^<!-- not runnable: (.+?) -->$/.exec(lines[before]?.trim() ?? '');
    const block: ExampleBlock = { line: i + 1, notRunnable: marker?.[1], commands: [] };
    let pending: ExampleCommand | undefined;
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) {
      const raw = lines[i];
      const at = commentStart(raw);
      const code = (at < 0 ? raw : raw.slice(0, at)).trimEnd();
      const comment = at < 0 ? '' : raw.slice(at + 1).trim();
      const command = pending ?? { line: i + 1, shell: '', comment: '' };
      command.shell += (command.shell ? ' ' : '') + code.replace(/\\$/, '').trim();
      command.comment += (command.comment ? ' ' : '') + comment;
      pending = code.endsWith('\\') ? command : undefined;
      if (!pending && command.shell) block.commands.push(command);
    }
    blocks.push(block);
  }
  return blocks;
}

/** The exit codes a command may end with: 0, and those its comment names after the word "exit". */
function allowedExitCodes(comment: string): number[] {
  const after = /\bexit\b(.*)$/.exec(comment)?.[1] ?? '';
  return [0, ...[...after.matchAll(/\b(\d+)\b/g)].map((m) => Number(m[1]))];
}

interface BlockRun {
  /** Per ccat-ops invocation: the README line of its command and its exit code. */
  calls: { line: number; status: number }[];
  stderr: string;
  status: number | null;
}

/**
 * Runs one block as a bash script in a directory of its own, `ccat-ops` being the built CLI, with
 * the commands one per script line so each invocation can be traced back to its README line.
 */
function runBlock(block: ExampleBlock, url: string, files: Record<string, string>): Promise<BlockRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-readme-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const log = join(dir, '.calls');
  const header = [
    `ccat-ops() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; local rc=$?; echo "\${BASH_LINENO[0]} $rc" >> ${JSON.stringify(log)}; return 0; }`,
    'set -o pipefail',
  ];
  const script = [...header, ...block.commands.map((c) => c.shell)].join('\n') + '\n';
  writeFileSync(join(dir, '.example.sh'), script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(dir, '.example.sh')], {
      cwd: dir,
      env: isolatedEnv({ url }),
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      let calls: { line: number; status: number }[] = [];
      try {
        calls = readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((entry) => entry.split(' ').map(Number))
          .map(([scriptLine, rc]) => ({
            line: block.commands[scriptLine - header.length - 1]?.line ?? -1,
            status: rc,
          }));
      } catch {
        // no ccat-ops call was made; the assertions below say so
      }
      resolve({ calls, stderr, status });
    });
  });
}

describe('README examples', function () {
  this.timeout(600_000);
  const db = useTestDatabase();
  const text = readFileSync(README, 'utf8');
  const blocks = readmeExamples(text).filter((b) => b.commands.some((c) => /\bccat-ops\b/.test(c.shell)));

  before(async () => {
    await loadOpsFixture(db);
    await db.query(README_NAMES);
    const root = mkdtempSync(join(tmpdir(), 'ccat-ops-readme-root-'));
    mkdirSync(join(root, 'obs-0043'));
    writeFileSync(join(root, 'obs-0043', 'a.fits'), 'SIMPLE  =                    T');
    writeFileSync(join(root, 'obs-0043', 'b.fits'), 'SIMPLE  =                    F');
    // The example runs on the telescope computer: here, this machine stands in for it.
    await db.query(
      `update data_location set root_path = $1, host = $2
        where name = 'telescope_computer' and site_id = (select id from site where short_name = 'ccat')`,
      [root, hostname()],
    );
  });

  it('finds the examples, and every one not run says why', () => {
    assert.ok(blocks.length >= 5, `${blocks.length} example blocks`);
    assert.ok(blocks.filter((b) => !b.notRunnable).length >= 3, 'most examples run');
    for (const b of blocks) if (b.notRunnable !== undefined) assert.ok(b.notRunnable.trim(), `README line ${b.line}`);
  });

  it('run against a seeded database and end with exit 0 (or an exit code their comment names)', async () => {
    const runnable = blocks.filter((b) => !b.notRunnable);
    // the blocks touch different rows, so they run side by side
    const runs = await Promise.all(runnable.map((b) => runBlock(b, db.url, { 'rules.yaml': readmeRules(text) })));
    const failures: string[] = [];
    for (const [i, block] of runnable.entries()) {
      const before = failures.length;
      const run = runs[i];
      for (const command of block.commands.filter((c) => /\bccat-ops\b/.test(c.shell))) {
        const calls = run.calls.filter((c) => c.line === command.line);
        if (calls.length === 0) failures.push(`README line ${command.line}: ccat-ops was not run: ${command.shell}`);
        for (const { status } of calls)
          if (!allowedExitCodes(command.comment).includes(status))
            failures.push(`README line ${command.line}: exit ${status}: ${command.shell}`);
      }
      if (run.status !== 0) failures.push(`README line ${block.line}: the block exited ${run.status}`);
      if (failures.length > before) failures.push(`  stderr of the block at README line ${block.line}:\n${run.stderr}`);
      assert.ok(!run.stderr.includes('    at '), `no stack trace: ${run.stderr}`);
    }
    assert.deepEqual(failures, []);
  });
});
