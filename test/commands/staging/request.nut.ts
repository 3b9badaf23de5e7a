import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GB, loadOpsFixture } from '../../helpers/ops-fixture.js';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops staging request', function () {
  this.timeout(180_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-staging-'));
  const ruleFile = (name: string, rules: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof rules === 'string' ? rules : JSON.stringify(rules));
    return path;
  };
  const jobs = async () => Number((await db.query('select count(*) as n from staging_job'))[0].n);
  const request = (...args: string[]) => cli('staging', 'request', '--to', 'ramses/processing', ...args);

  before(async () => {
    await loadOpsFixture(db);
    await db.query(`update raw_data_package set metadata = '{"pwv": 0.8, "band": "high"}' where name = 'P2'`);
    await db.query(`update raw_data_package set metadata = '{"pwv": 1.6, "band": "low"}' where name = 'P1'`);
  });

  it('previews what it would stage with --dry-run: count, bytes, per archive, and what cannot be staged', async () => {
    const r = await request('--program', 'GEco', '--dry-run', '--json');
    assert.equal(r.status, 0, r.stderr);
    const plan = r.json();
    assert.deepEqual(
      plan.stage.map((p: { name: string }) => p.name),
      ['P1', 'P2'],
    );
    assert.equal(plan.bytes, 30 * GB);
    assert.deepEqual(plan.byOrigin, [{ origin: 'cologne/lta', packages: 2, bytes: 30 * GB }]);
    assert.deepEqual(plan.refused, [{ name: 'P4', reason: 'not archived (state waiting)' }]);
    assert.equal(plan.job, null);
    const text = await request('--program', 'GEco', '--dry-run');
    assert.match(text.stdout, /To stage to ramses\/processing: 2 package\(s\), 30 GB/);
    assert.match(text.stdout, /from cologne\/lta: 2 package\(s\), 30 GB/);
    assert.match(text.stdout, /P4: not archived \(state waiting\)/);
    assert.match(text.stdout, /Dry run; nothing changed\./);
    assert.equal(await jobs(), 0);
  });

  it('selects by package name, executed obs unit, module and time', async () => {
    const names = async (...args: string[]) =>
      (await request(...args, '--dry-run', '--json')).json().stage.map((p: { name: string }) => p.name);
    assert.deepEqual(await names('P2'), ['P2']);
    assert.deepEqual(await names('--executed', '00000000-0000-4000-8000-0000000000e1', '--module', 'CHAI/LFA'), ['P1']);
    assert.deepEqual(await names('--program', 'GEco', '--until', '2d'), ['P1', 'P2']);
    assert.deepEqual(await names('--obs-unit', 'ou-geco-1', '--module', 'HFA'), ['P2']);
  });

  it('resolves several package id prefixes on its one connection one at a time (no pg warning)', async () => {
    // pg warns (once per process: only a process of its own shows it) of a third statement sent at once.
    await db.query(`
      insert into raw_data_package (id, name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes,
                                    checksum, checksum_algorithm, status, state)
      select (repeat(c, 8) || '-0000-4000-8000-000000000000')::uuid, 'prefix-' || c, '00000000-0000-4000-8000-0000000000e2',
             (select min(id) from instrument_module), 'prefix/' || c, 1, md5(c), 'md5', 'completed', 'waiting'
        from unnest(array['a', 'b', 'c']) c`);
    const r = await runCliAsync(
      ['staging', 'request', '--to', 'ramses/processing', 'aaaaaaaa', 'bbbbbbbb', 'cccccccc', '--dry-run', '--json'],
      { url: db.url },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.json().refused.map((p: { name: string }) => p.name),
      ['prefix-a', 'prefix-b', 'prefix-c'],
    );
    assert.doesNotMatch(r.stderr, /Warning/);
    await db.query(`delete from raw_data_package where name like 'prefix-%'`);
  });

  it('selects with a filter file of rules, JSON paths included', async () => {
    const names = async (rules: unknown) =>
      (await request('--filter-file', ruleFile('rules.json', rules), '--dry-run', '--json'))
        .json()
        .stage.map((p: { name: string }) => p.name);
    assert.deepEqual(
      await names([
        { table: 'observing_program', column: 'short_name', operator: 'eq', value: 'GEco' },
        { table: 'instrument_module', column: 'name', operator: 'in', value: ['LFA', '350 GHz'] },
      ]),
      ['P1'],
    );
    assert.deepEqual(
      await names([{ table: 'raw_data_package', column: 'metadata', json_path: '$.pwv', operator: 'lt', value: 1 }]),
      ['P2'],
    );
    assert.deepEqual(
      await names({ rules: [{ table: 'raw_data_package', column: 'name', operator: 'like', value: 'P%' }] }),
      ['P1', 'P2'],
    );
    const yaml = ruleFile('rules.yaml', '- {table: instrument, column: name, operator: neq, value: Prime-Cam}\n');
    const r = await request('--filter-file', yaml, '--dry-run', '--json');
    assert.deepEqual(
      r.json().stage.map((p: { name: string }) => p.name),
      ['P1', 'P2'],
    );
    // Plain decimal numbers are numbers (a JSON path compares them as numbers); quoted, 0x… is text.
    const numbers = ruleFile(
      'numbers.yaml',
      "- {table: raw_data_package, column: metadata, json_path: '$.pwv', operator: lt, value: 1.0}\n" +
        "- {table: raw_data_package, column: name, operator: neq, value: '0x0'}\n",
    );
    const n = await request('--filter-file', numbers, '--dry-run', '--json');
    assert.equal(n.status, 0, n.stderr);
    assert.deepEqual(
      n.json().stage.map((p: { name: string }) => p.name),
      ['P2'],
    );
  });

  it('creates one job for the stageable packages, and a second identical request adds nothing', async () => {
    const r = await request('--program', 'GEco', '--reason', 'reprocessing', '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Created staging job \d+: 2 package\(s\), 30 GB\./);
    const rows = await db.query<{ name: string; origin: string; destination: string; status: string; reason: string }>(
      `select p.name, o.name as origin, d.name as destination, jp.status, j.reason
         from staging_job_package jp join staging_job j on j.id = jp.staging_job_id
         join raw_data_package p on p.id = jp.raw_data_package_id
         join data_location o on o.id = jp.origin_location_id join data_location d on d.id = jp.destination_location_id
        order by p.name`,
    );
    assert.deepEqual(rows, [
      { name: 'P1', origin: 'lta', destination: 'processing', status: 'pending', reason: 'reprocessing' },
      { name: 'P2', origin: 'lta', destination: 'processing', status: 'pending', reason: 'reprocessing' },
    ]);
    const again = await request('--program', 'GEco', '--yes');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Already being staged: 2 \(P1 in job \d+, P2 in job \d+\)/);
    assert.match(again.stdout, /Nothing to stage; nothing changed\./);
    assert.equal(await jobs(), 1);
  });

  it('sixteen concurrent identical requests leave exactly one active staging per package', async () => {
    await db.query(`insert into data_location (site_id, name, location_type, storage_type, host, root_path)
                    select id, 'scratch', 'processing', 'disk', 'ramses1', '/scratch' from site where short_name = 'ramses'`);
    const before = await jobs();
    const results = await Promise.all(
      Array.from({ length: 16 }, () =>
        runCliAsync(['staging', 'request', '--to', 'ramses/scratch', '--program', 'GEco', '--yes', '--json'], {
          url: db.url,
        }),
      ),
    );
    for (const r of results) assert.equal(r.status, 0, r.stderr);
    const created = results.map((r) => r.json().job).filter((j) => j !== null);
    assert.equal(created.length, 1, 'one request creates the job');
    for (const r of results.filter((x) => x.json().job === null)) {
      assert.deepEqual(
        r.json().staging.map((s: { name: string; job: number }) => [s.name, s.job]),
        [
          ['P1', created[0]],
          ['P2', created[0]],
        ],
      );
    }
    const active = await db.query<{ name: string; n: string }>(
      `select p.name, count(*) as n from staging_job_package jp join raw_data_package p on p.id = jp.raw_data_package_id
        join data_location l on l.id = jp.destination_location_id
        where l.name = 'scratch' and jp.status in ('pending', 'scheduled', 'in_progress') group by p.name order by p.name`,
    );
    assert.deepEqual(active, [
      { name: 'P1', n: '1' },
      { name: 'P2', n: '1' },
    ]);
    assert.equal(await jobs(), before + 1, 'no empty jobs are left behind');
  });

  it('lists packages already present at the destination instead of staging them again', async () => {
    await db.query(`update staging_job_package set status = 'completed', started_at = now(), finished_at = now()`);
    await db.query(`insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status)
                    select 'raw_data_package', p.id, l.id, 'present' from raw_data_package p, data_location l
                     where p.name = 'P1' and l.name = 'processing'`);
    const r = await request('--program', 'GEco', '--dry-run', '--json');
    assert.deepEqual(r.json().present, [{ name: 'P1' }]);
    assert.deepEqual(
      r.json().stage.map((p: { name: string }) => p.name),
      ['P2'],
    );
  });

  it('refuses bad requests with one line, the right exit code, and nothing written', async () => {
    const before = await jobs();
    const bad = async (code: number, pattern: RegExp, ...args: string[]) => {
      const r = await cli('staging', 'request', ...args);
      assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    };
    await bad(
      2,
      /--to: ccat\/buffer is a buffer location; staging goes to a processing location/,
      '--to',
      'ccat/buffer',
      'P1',
      '--yes',
    );
    await bad(
      4,
      /no location 'ramses\/procesing'; did you mean 'ramses\/processing'/,
      '--to',
      'ramses/procesing',
      'P1',
      '--yes',
    );
    await bad(
      4,
      /no raw data package matches the selection; nothing was requested/,
      '--to',
      'ramses/processing',
      'NOPE',
      '--yes',
    );
    await bad(2, /say what to stage/, '--to', 'ramses/processing', '--yes');
    await bad(2, /--since .* is after --until/, '--to', 'ramses/processing', '--since', '1h', '--until', '2d', '--yes');
    const rule = (r: unknown) => ['--to', 'ramses/processing', '--filter-file', ruleFile('bad.json', [r]), '--yes'];
    await bad(
      2,
      /rule 1: unknown table 'packages'; use one of: raw_data_package/,
      ...rule({ table: 'packages', column: 'name', operator: 'eq', value: 'x' }),
    );
    await bad(
      2,
      /rule 1: table raw_data_package has no column 'nme'/,
      ...rule({ table: 'raw_data_package', column: 'nme', operator: 'eq', value: 'x' }),
    );
    await bad(
      2,
      /rule 1: unknown operator 'contains'; use one of: eq, neq/,
      ...rule({ table: 'raw_data_package', column: 'name', operator: 'contains', value: 'x' }),
    );
    await bad(
      2,
      /rule 1: json_path '\$\.\[pwv' is malformed/,
      ...rule({ table: 'raw_data_package', column: 'metadata', json_path: '$.[pwv', operator: 'eq', value: 1 }),
    );
    await bad(
      2,
      /rule 1: 'in' needs a list of values/,
      ...rule({ table: 'raw_data_package', column: 'name', operator: 'in', value: 'P1' }),
    );
    await bad(
      2,
      /is not a valid timestamptz/,
      ...rule({ table: 'raw_data_package', column: 'created_at', operator: 'gt', value: 'soon' }),
    );
    await bad(
      2,
      /--filter-file: .*missing\.yaml/,
      '--to',
      'ramses/processing',
      '--filter-file',
      join(dir, 'missing.yaml'),
      '--yes',
    );
    // YAML's own number forms are not numbers here (as in the imports): one line naming the rule and key.
    const yamlRule = (
      value: string,
      wrap = (v: string) => `- {table: raw_data_package, column: size_bytes, operator: eq, value: ${v}}\n`,
    ) => ['--to', 'ramses/processing', '--filter-file', ruleFile('numbers.yaml', wrap(value)), '--yes'];
    for (const value of ['0x0', '1e1', '0o17', '.inf', '-.inf', '.nan']) {
      await bad(
        2,
        new RegExp(
          `^Error: --filter-file rule 1: value: '${value.replace('.', '\\.')}' is not a number; write a plain decimal number like 12 or -22\\.96 \\(or quote it to mean that text\\)$`,
          'm',
        ),
        ...yamlRule(value),
      );
    }
    await bad(
      2,
      /^Error: --filter-file rule 2: value\.1: '1E3' is not a number/m,
      ...yamlRule(
        '1E3',
        (v) =>
          `rules:\n  - {table: raw_data_package, column: name, operator: eq, value: P1}\n  - {table: raw_data_package, column: size_bytes, operator: in, value: [10, ${v}]}\n`,
      ),
    );
    assert.equal(await jobs(), before);
  });

  it('selects and previews 100k archived packages in one request', async () => {
    await db.query(`
      insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum,
                                    checksum_algorithm, status, state, archived_at)
      select 'bulk-' || g, '00000000-0000-4000-8000-0000000000e2', (select min(id) from instrument_module), 'bulk/' || g,
             1000000, md5(g::text), 'md5', 'completed', 'archived', now()
        from generate_series(1, 100000) g;
      insert into physical_copy (copy_type, raw_data_package_id, data_location_id, status)
      select 'raw_data_package', p.id, (select l.id from data_location l join site s on s.id = l.site_id
                                         where s.short_name = 'cologne' and l.name = 'lta'), 'present'
        from raw_data_package p where p.name like 'bulk-%';
      analyze`);
    const r = await request('--program', 'Cal', '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /To stage to ramses\/processing: 100000 package\(s\), 100 GB\n {2}from cologne\/lta: 100000 package\(s\), 100 GB/,
    );
    assert.match(r.stdout, /Cannot be staged: 1\n {2}P3: not archived \(state waiting\)/);
  });
});
