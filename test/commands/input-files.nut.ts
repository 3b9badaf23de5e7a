import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDatabase } from '../../src/seed/seed-database.js';
import { auditPlace, EXECUTED } from '../helpers/audit-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { runCommand } from '../helpers/run-command.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Files named by flags (`--conditions @FILE`, `--filter-file`, `--manifest`, import files): a
 * directory, a socket, a file far larger than any such file, or one that is not what was meant is
 * exit 2 in one line, at once, saying where it goes wrong without quoting it (it may be anything:
 * `@/etc/shadow`), and nothing is written. (Devices such as /dev/zero are refused by the same test
 * as the socket: anything but a regular file or a pipe.)
 */
describe('input files: not regular, too large, or not what was meant', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-inputs-'));
  const secret = 'root:$6$S3cretHash:20200:0:99999:7:::\n';
  const shadow = join(dir, 'shadow');
  const big = join(dir, 'big.json');
  const socket = join(dir, 'sock');
  const subdir = join(dir, 'subdir');
  const servers: Server[] = [];
  const listen = async (path: string) => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path, resolve));
  };

  before(async () => {
    writeFileSync(shadow, secret.repeat(3));
    writeFileSync(big, `{"pwv_mm": 0.4${' '.repeat(1_000_001)}}`);
    mkdirSync(subdir);
    mkdirSync(join(dir, 'rows.csv'));
    await listen(socket);
    await listen(join(dir, 'sock.csv'));
  });
  after(() => servers.forEach((s) => s.close()));

  function refused(r: CliResult, expected: RegExp): void {
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, expected);
    assert.match(r.stderr, /^Try: /m);
    assert.equal(r.stderr.match(/^Error: /gm)?.length, 1, r.stderr);
    assert.ok(!r.stderr.includes('    at '), r.stderr);
    assert.ok(!`${r.stdout}${r.stderr}`.includes('S3cret') && !r.stderr.includes('root:'), r.stderr);
  }

  it('--conditions @FILE: says where the JSON goes wrong, never what the file holds; refuses a directory, a socket, over 1 MB', async () => {
    const start = (file: string) =>
      runCommand(['executed', 'start', '--obs-unit', 'x', '--conditions', `@${file}`], { url: db.url });
    refused(await start(shadow), /--conditions: the text in .*shadow is not JSON \(line 1, column 1\)/);
    writeFileSync(join(dir, 'late.json'), '{\n  "pwv_mm": 0.4,\n  "S3cret": tru\n}');
    refused(await start(join(dir, 'late.json')), /is not JSON \(line 3, column 13\)/);
    // The same from the built CLI (its bundle carries the JSON reader that finds the place).
    const built = runCli(['executed', 'start', '--obs-unit', 'x', '--conditions', `@${join(dir, 'late.json')}`], {
      url: db.url,
    });
    assert.equal(built.status, 2, built.stderr);
    assert.match(built.stderr, /is not JSON \(line 3, column 13\)/);
    writeFileSync(join(dir, 'short.json'), '{"pwv_mm": [0.4, ');
    refused(await start(join(dir, 'short.json')), /is not JSON \(it ends too early\)/);
    refused(await start(subdir), /--conditions: .*subdir is a directory, not a file$/m);
    refused(await start(socket), /--conditions: .*sock is a socket, not a file$/m);
    refused(await start(big), /--conditions: .*big\.json is larger than 1 MB, the most it reads$/m);
  });

  it('--filter-file: refuses a directory, a socket, over 4 MB; a YAML error says where, not what', async () => {
    const request = (file: string) =>
      runCommand(['staging', 'request', '--to', 'ramses/processing', '--filter-file', file, '--yes'], {
        url: db.url,
      });
    refused(await request(subdir), /--filter-file: .*subdir is a directory, not a file$/m);
    refused(await request(socket), /--filter-file: .*sock is a socket, not a file$/m);
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `# ${'x'.repeat(4_000_001)}\n[]\n`);
    refused(await request(huge), /--filter-file: .*huge\.yaml is larger than 4 MB, the most it reads$/m);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, '- table: raw_data_package\n  column: *S3cret\n');
    refused(
      await request(broken),
      /--filter-file: .*broken\.yaml is not valid YAML or JSON \(Unresolved alias [^:]*\)$/m,
    );
    writeFileSync(broken, 'rules: [\n{S3cret\n');
    refused(
      await request(broken),
      /--filter-file: .*broken\.yaml is not valid YAML or JSON \([a-z ]+ at line \d+, column \d+\)$/m,
    );
  });

  it('--manifest: fails at the first line that is too long (a file that is not a manifest), a socket, a directory; writes nothing', async () => {
    await seedDatabase((await db.em()) as never);
    const place = await auditPlace(db, 'inputs');
    const register = (file: string) =>
      runCommand(
        ['file', 'register', '--location', place.key, '--executed', EXECUTED, '--module', 'CHAI/LFA'].concat([
          '--manifest',
          file,
        ]),
        { url: db.url },
      );
    const blob = join(dir, 'blob.sha256');
    writeFileSync(blob, Buffer.alloc(200_000)); // no newline: one endless "line"
    refused(
      await register(blob),
      /--manifest: .*blob\.sha256:1 is longer than 64 kB: not a line of this file's kind$/m,
    );
    refused(await register(shadow), /--manifest: .*shadow:1 is not a sha256 line/);
    refused(await register(socket), /--manifest: .*sock is a socket, not a file$/m);
    refused(await register(subdir), /--manifest: .*subdir is a directory, not a file$/m);
    assert.ok(!existsSync(join(place.root, '.ccat-ops-location')), 'no location marker written');
    const files = await db.query(`select 1 from raw_data_file`);
    assert.equal(files.length, 0);
  });

  it('the config file: over 1 MB is exit 2 naming it and the limit, before anything connects', async () => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `# ${'x'.repeat(1_000_001)}\nenvironments: {development: {database_url: ${db.url}}}\n`, {
      mode: 0o600,
    });
    const r = await runCommand(['doctor'], { env: { CCAT_OPS_CONFIG: config } });
    refused(r, new RegExp(`^Error: config file: ${config} is larger than 1 MB, the most it reads$`, 'm'));
  });

  it('a location marker over 64 kB, or not a file, is exit 69 naming it (and the limit); nothing checked or written', async () => {
    await seedDatabase((await db.em()) as never);
    const place = await auditPlace(db, 'big-marker');
    const marker = join(place.root, '.ccat-ops-location');
    writeFileSync(marker, `{"site": "cologne", "name": "big-marker", "id": ${place.id}, "x": "${'x'.repeat(64_001)}"}`);
    const runs = async () => Number((await db.query(`select count(*) as n from audit_run`))[0].n);
    const before = await runs();
    const audit = await runCommand(['audit', 'copies', '--location', place.key], { url: db.url });
    assert.equal(audit.status, 69, audit.stderr);
    assert.match(
      audit.stderr,
      new RegExp(
        `^Error: the location marker: ${marker} is larger than 64 kB, the most it reads; nothing was checked$`,
        'm',
      ),
    );
    assert.equal(audit.stderr.match(/^Error: /gm)?.length, 1, audit.stderr);
    const write = await runCommand(['location', 'write-marker', place.key], { url: db.url });
    assert.equal(write.status, 69, write.stderr);
    assert.match(write.stderr, /is larger than 64 kB, the most it reads; nothing was checked$/m);
    rmSync(marker);
    mkdirSync(marker);
    const dirMarker = await runCommand(['audit', 'copies', '--location', place.key], { url: db.url });
    assert.equal(dirMarker.status, 69, dirMarker.stderr);
    assert.match(
      dirMarker.stderr,
      /the location marker: .* cannot be read \(not a regular file\); nothing was checked$/m,
    );
    assert.equal(await runs(), before, 'no audit run started');
  });

  it('import files: refuses a directory and a socket (exit 2)', async () => {
    const rows = join(dir, 'rows.csv');
    refused(await runCommand(['source', 'import', rows], { url: db.url }), /rows\.csv is a directory, not a file$/m);
    const sock = join(dir, 'sock.csv');
    refused(await runCommand(['source', 'import', sock], { url: db.url }), /sock\.csv is a socket, not a file$/m);
  });
});
