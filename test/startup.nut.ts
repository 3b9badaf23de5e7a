import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOpsFixture } from './helpers/ops-fixture.js';
import { BIN, isolatedEnv } from './helpers/run-cli.js';
import { useTestDatabase } from './helpers/test-database.js';

const TRACER = join(import.meta.dirname, '..', 'bench', 'startup', 'trace-imports.mjs');

/** Runs the CLI and returns every module URL it loaded. */
function loadedModules(args: string[], url?: string): { status: number | null; stdout: string; modules: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'ccat-ops-trace-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', TRACER, BIN, ...args], {
    env: { ...isolatedEnv({ url }), TRACE_IMPORTS_FILE: file },
    encoding: 'utf8',
  });
  let modules: string[] = [];
  try {
    modules = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    // nothing was imported after the tracer itself
  }
  return { status: r.status, stdout: r.stdout, modules };
}

/** The JavaScript a run loaded (its files once each, Node's own modules not counted), in bytes. */
function loadedBytes(modules: string[]): number {
  const files = [...new Set(modules)].filter((m) => m.startsWith('file:'));
  return files.reduce((n, m) => n + statSync(fileURLToPath(m)).size, 0);
}

/** The CLI's bundle with MikroORM, kysely and zod in it is ~2 MB; the on-call reads' share is ~0.55 MB. */
const ORM_SIZED = 1_200_000;

describe('start-up', () => {
  for (const args of [['--version'], ['--help'], ['db', '--help'], ['db', 'init', '--help'], ['doctor', '--help']]) {
    it(`\`${args.join(' ')}\` loads neither MikroORM nor any command's code`, () => {
      const r = loadedModules(args);
      assert.equal(r.status, 0);
      assert.ok(r.stdout.length > 0);
      const offending = r.modules.filter((m) => /\/dist\/(cli\/)?commands\/|pglite/.test(m));
      assert.deepEqual(offending, []);
      assert.ok(loadedBytes(r.modules) < ORM_SIZED / 2, `${loadedBytes(r.modules)} bytes of JavaScript`);
    });
  }

  it('shows examples in command help', () => {
    const r = spawnSync(process.execPath, [BIN, 'db', 'init', '--help'], { env: isolatedEnv(), encoding: 'utf8' });
    assert.match(r.stdout, /EXAMPLES\n\s+\$ ccat-ops db init/);
  });
});

/**
 * The module budget of the reads (issue #16): the on-call views and the registry lists and shows
 * read through `pg` alone and run from the CLI's bundle (`dist/cli`), so they load a few files
 * (`transfer list`: 19 files and 21 of Node's own modules, ~0.55 MB; 639 modules before the bundle)
 * and no chunk of MikroORM or zod (which would put them past ~1.2 MB) nor the embedded PGlite (which
 * stays in node_modules).
 */
describe('module budget of the reads', function () {
  this.timeout(60_000);
  const db = useTestDatabase();
  const BUDGET = 60;

  for (const args of [
    ['transfer', 'list', '--limit', '1'],
    ['transfer', 'backlog'],
    ['archive', 'backlog'],
    ['copy', 'list', '--limit', '1'],
    ['doctor'],
    ['observatory', 'list'],
    ['telescope', 'list'],
    ['telescope', 'show', 'nope'],
    ['instrument', 'list'],
    ['instrument', 'show', 'nope'],
    ['module', 'list'],
    ['module', 'show', 'nope'],
    ['site', 'list'],
    ['site', 'show', 'nope'],
    ['location', 'list'],
    ['location', 'show', 'nope/nope'],
  ]) {
    it(`\`${args.join(' ')}\` loads no ORM, no zod, no PGlite, and fewer than ${BUDGET} modules`, () => {
      const r = loadedModules(args, db.url);
      assert.equal(r.status, args.some((a) => a.includes('nope')) ? 4 : 0);
      assert.deepEqual(
        r.modules.filter((m) => /@mikro-orm|\/zod\/|pglite/.test(m)),
        [],
      );
      assert.ok(loadedBytes(r.modules) < ORM_SIZED, `${loadedBytes(r.modules)} bytes of JavaScript`);
      const unique = new Set(r.modules);
      assert.ok(unique.size < BUDGET, `${unique.size} modules`);
      assert.ok(
        [...unique].some((m) => m.includes('/dist/cli/commands/')),
        'the command ran from the bundle',
      );
    });
  }

  it('tells a command that uses MikroORM from them: `db status` loads more than that', () => {
    const r = loadedModules(['db', 'status'], db.url);
    assert.equal(r.status, 0);
    assert.ok(loadedBytes(r.modules) > ORM_SIZED, `${loadedBytes(r.modules)} bytes of JavaScript`);
  });
});

/**
 * The same budget for the registry's other lists and shows (routes, programmes, sources, obs units,
 * roles, users, tokens), with rows for each of them to read and each show to render in full.
 */
describe('module budget of the registry reads, with rows to read', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const BUDGET = 60;

  before(async () => {
    await loadOpsFixture(db);
    await db.query(`
      insert into "user" (username) values ('alice');
      insert into user_role (user_id, role_id) select u.id, r.id from "user" u, role r where r.name = 'admin';
      insert into api_token (user_id, name, token_hash, prefix) select id, 'ci', repeat('0', 64), 'abcdefgh' from "user";
    `);
  });

  for (const args of [
    ['route', 'list'],
    ['route', 'show', 'ccat_to_cologne'],
    ['program', 'list'],
    ['program', 'show', 'GEco'],
    ['obs-unit', 'list', '--program', 'GEco', '--source', 'orion-kl'],
    ['obs-unit', 'show', 'ou-geco-1'],
    ['source', 'list', '--type', 'fixed'],
    ['source', 'show', 'orion-kl'],
    ['role', 'list'],
    ['user', 'list', '--role', 'admin'],
    ['user', 'show', 'alice'],
    ['token', 'list', '--user', 'alice'],
  ]) {
    it(`\`${args.join(' ')}\` loads no ORM, no zod, no PGlite, and fewer than ${BUDGET} modules`, () => {
      const r = loadedModules(args, db.url);
      assert.equal(r.status, 0);
      assert.ok(r.stdout.length > 0);
      assert.deepEqual(
        r.modules.filter((m) => /@mikro-orm|\/zod\/|pglite/.test(m)),
        [],
      );
      assert.ok(loadedBytes(r.modules) < ORM_SIZED, `${loadedBytes(r.modules)} bytes of JavaScript`);
      assert.ok(new Set(r.modules).size < BUDGET, `${new Set(r.modules).size} modules`);
    });
  }
});
