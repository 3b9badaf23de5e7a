import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config } from '@oclif/core';
import type { OpsCommand } from '../../src/base-command.js';
import { headerOf, type Column } from '../../src/output/columns.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

const root = join(import.meta.dirname, '..', '..');

type ListCommand = typeof OpsCommand & { columns: readonly Column<never>[] };

/** Every command that declares list columns, by id (`transfer:list`), loaded from the sources. */
async function listCommands(): Promise<Map<string, ListCommand>> {
  const found = new Map<string, ListCommand>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  for (const file of walk(join(root, 'commands'))) {
    const mod = (await import(file)) as { default?: ListCommand };
    if (!mod.default?.columns) continue;
    const id = relative(join(root, 'commands'), file).replace(/\.ts$/, '').split('/').join(':');
    found.set(id, mod.default);
  }
  return found;
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in this process against `url`, with what it prints captured. */
async function run(config: Config, cmd: ListCommand, argv: string[], url: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as never;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as never;
  process.exitCode = undefined;
  try {
    const runnable = cmd as unknown as { run(argv: string[], config: Config): Promise<unknown> };
    await runnable.run([...argv, '--database-url', url, '--no-prompt'], config);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

/** The arguments a list needs to list anything (`copy deletable` lists one location). */
const NEEDS: Record<string, string[]> = { 'copy:deletable': ['--location', 'cologne/buffer'] };

/** Lists without an index for other orders: `--sort` takes newest, oldest and the key they page by. */
const PAGED = [
  'transfer:list',
  'copy:list',
  'archive:list',
  'file:list',
  'package:list',
  'executed:list',
  'staging:list',
  'audit:runs',
  'audit:findings',
];

describe('one vocabulary: table headers, --columns, --sort and JSON keys name a field alike', function () {
  this.timeout(300_000);
  const db = useTestDatabase();
  let config: Config;
  let lists: Map<string, ListCommand>;

  before(async () => {
    config = await Config.load(root);
    lists = await listCommands();
    await loadOpsFixture(db);
    // A row in every list: a user with a token, an audit run with a finding, a staging job.
    await db.query(`insert into "user" (username, full_name) values ('ops', 'On Call')`);
    await db.query(
      `insert into api_token (user_id, name, token_hash, prefix, scopes)
       select id, 'cron', repeat('ab', 32), 'ccat_abc', '{read}' from "user" where username = 'ops'`,
    );
    await db.query(
      `insert into audit_run (data_location_id, mode, status, checked, finished_at)
       select l.id, 'size', 'completed', 3, now() from data_location l join site s on s.id = l.site_id
        where s.short_name = 'cologne' and l.name = 'buffer'`,
    );
    await db.query(
      `insert into audit_finding (run_id, data_location_id, kind, relative_path, expected, actual)
       select id, data_location_id, 'size_mismatch', 'raw/x.fits', '10', '9' from audit_run`,
    );
    await db.query(
      `insert into staging_job (destination_location_id, requested_by, reason)
       select l.id, 'ops', 'reduction' from data_location l where l.location_type = 'processing' limit 1`,
    );
  });

  it('finds the list commands', () => {
    for (const id of ['telescope:list', 'transfer:list', 'audit:runs', 'copy:deletable', 'token:list']) {
      assert.ok(lists.has(id), id);
    }
    assert.ok(lists.size >= 20, `${lists.size} lists`);
  });

  it('prints every list as { items, next } under --json and --output json, each JSON key a column and each column a JSON key', async () => {
    for (const [id, cmd] of lists) {
      const args = NEEDS[id] ?? [];
      for (const flag of [['--json'], ['--output', 'json']]) {
        const r = await run(config, cmd, [...args, ...flag], db.url);
        assert.equal(r.status, 0, `${id} ${flag.join(' ')}: ${r.stderr}`);
        const doc = JSON.parse(r.stdout) as { items: Record<string, unknown>[]; next: unknown };
        assert.ok(Array.isArray(doc.items), `${id} ${flag.join(' ')}: items`);
        assert.ok(doc.next === null || typeof doc.next === 'string', `${id} ${flag.join(' ')}: next`);
        assert.ok(doc.items.length > 0, `${id}: the fixture gives it rows`);
        const jsonKeys = new Set(doc.items.flatMap((item) => Object.keys(item)));
        const columnKeys = cmd.columns.map((c) => c.key);
        for (const c of cmd.columns.filter((col) => !col.derived)) {
          assert.ok(jsonKeys.has(c.key), `${id}: column ${c.key} is a JSON key`);
        }
        for (const key of jsonKeys) assert.ok(columnKeys.includes(key), `${id}: JSON key ${key} is a column`);
        const ndjson = await run(config, cmd, [...args, '--output', 'ndjson'], db.url);
        const lines = ndjson.stdout.trim().split('\n');
        assert.deepEqual(
          lines.map((l) => JSON.parse(l) as unknown),
          JSON.parse(JSON.stringify(doc.items)),
          `${id}: ndjson is one item a line`,
        );
        const csv = await run(config, cmd, [...args, '--output', 'csv'], db.url);
        assert.equal(
          csv.stdout.trim().split('\n').length,
          doc.items.length + 1,
          `${id}: csv is a header and a row an item`,
        );
      }
    }
  });

  it('takes every key in --columns, heads each column with its key as words, and refuses others naming the valid ones', async () => {
    for (const [id, cmd] of lists) {
      const args = NEEDS[id] ?? [];
      const keys = cmd.columns.map((c) => c.key);
      const csv = await run(config, cmd, [...args, '--output', 'csv', '--columns', keys.join(',')], db.url);
      assert.equal(csv.status, 0, `${id}: ${csv.stderr}`);
      assert.equal(csv.stdout.split('\n')[0], keys.join(','), id);
      const table = await run(config, cmd, [...args, '--wide', '--columns', keys.join(',')], db.url);
      assert.equal(table.status, 0, `${id}: ${table.stderr}`);
      const lines = table.stdout.split('\n');
      const header = lines[lines.map((l) => l.startsWith('┌')).lastIndexOf(true) + 1];
      assert.deepEqual(
        header
          .split('│')
          .slice(1, -1)
          .map((h) => h.trim()),
        cmd.columns.map((c) => headerOf(c)),
        id,
      );
      const bad = await run(config, cmd, [...args, '--columns', 'nope'], db.url);
      assert.equal(bad.status, 2, id);
      assert.match(bad.stderr, /^Error: --columns: unknown column 'nope'\nTry: use one of: /, id);
      assert.ok(bad.stderr.includes(keys.join(', ')), id);
      const twice = await run(config, cmd, [...args, '--columns', `${keys[0]},${keys[1]}, ${keys[0]}`], db.url);
      assert.equal(twice.status, 2, id);
      assert.match(
        twice.stderr,
        new RegExp(`^Error: --columns: column '${keys[0]}' is named twice; name each column once\n`),
        id,
      );
    }
  });

  it('sorts a registry list by every column, a paged list by its index only, naming the allowed keys otherwise', async () => {
    for (const [id, cmd] of lists) {
      const args = NEEDS[id] ?? [];
      if (id === 'copy:deletable') continue; // oldest first, the order deletion goes in: no --sort
      if (!PAGED.includes(id)) {
        for (const c of cmd.columns) {
          // `-o…` would be read as the -o flag: such keys sort descending as KEY:desc.
          const descending = /^[oqy]/.test(c.key) ? [`${c.key}:desc`] : [`-${c.key}`, `${c.key}:desc`];
          for (const sort of [c.key, ...descending]) {
            const r = await run(config, cmd, [...args, '--sort', sort, '--output', 'json'], db.url);
            assert.equal(r.status, 0, `${id} --sort ${sort}: ${r.stderr}`);
          }
        }
        const names = async (sort: string) =>
          (
            JSON.parse((await run(config, cmd, [...args, '--sort', sort, '--json'], db.url)).stdout) as {
              items: Record<string, unknown>[];
            }
          ).items.map((i) => i[cmd.columns[0].key]);
        const up = await names(cmd.columns[0].key);
        assert.deepEqual(await names(`${cmd.columns[0].key}:desc`), [...up].reverse(), `${id}: descending`);
        assert.deepEqual(up, [...up].sort(), `${id}: ascending`);
        const bad = await run(config, cmd, [...args, '--sort', 'nope'], db.url);
        assert.equal(bad.status, 2, id);
        assert.match(bad.stderr, /--sort: unknown column 'nope'; sort by one of: /, id);
        continue;
      }
      const json = await run(config, cmd, [...args, '--json'], db.url);
      const newest = (JSON.parse(json.stdout) as { items: { id: unknown }[] }).items.map((i) => i.id);
      const other = cmd.columns[1];
      const refused = await run(config, cmd, [...args, '--sort', other.key], db.url);
      assert.equal(refused.status, 2, id);
      const allowed = /use one of: newest, oldest, (\w+), -\1\n/.exec(refused.stderr);
      assert.ok(allowed, `${id}: ${refused.stderr}`);
      assert.equal(refused.stderr.split('\n')[0].includes(`not by '${other.key}'`), true, refused.stderr);
      const key = allowed[1];
      assert.ok(
        cmd.columns.some((c) => c.key === key),
        `${id}: ${key} is a column`,
      );
      const ascending = await run(config, cmd, [...args, '--sort', key, '--json'], db.url);
      assert.equal(ascending.status, 0, `${id}: ${ascending.stderr}`);
      const oldest = (JSON.parse(ascending.stdout) as { items: { id: unknown }[] }).items.map((i) => i.id);
      assert.deepEqual(oldest, [...newest].reverse(), `${id} --sort ${key}`);
    }
  });
});
