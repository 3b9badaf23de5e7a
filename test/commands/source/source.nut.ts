import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops source', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-source-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const count = async () => Number((await db.query('select count(*) as n from source'))[0].n);
  const source = async (name: string) => (await db.query('select * from source where name = $1', [name]))[0];

  it('adds a source of each type and lists and shows them', async () => {
    let r = await cli('source', 'add', '--name', 'Orion KL', '--type', 'fixed', '--ra', '83.81', '--dec', '-5.37');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered source 'Orion KL'.");
    r = await cli('source', 'add', '--name', 'Jupiter', '--type', 'solar_system', '--ephemeris', 'Jupiter');
    assert.equal(r.status, 0, r.stderr);
    r = await cli(
      'source',
      'add',
      '--name',
      'Deep field',
      '--type',
      'constant_elevation',
      '--ra-min',
      '10',
      '--ra-max',
      '20',
      '--dec-min',
      '-40',
      '--dec-max',
      '-30',
      '--elevation',
      '50',
    );
    assert.equal(r.status, 0, r.stderr);
    const row = await source('Orion KL');
    assert.equal(row.source_type, 'fixed');
    assert.equal(row.ra_deg, 83.81);
    assert.equal(row.dec_deg, -5.37);
    assert.equal((await source('Deep field')).elevation_deg, 50);
    const fixed = await cli('source', 'list', '--type', 'fixed', '--json');
    assert.deepEqual(
      fixed.json().items.map((s: { name: string }) => s.name),
      ['Orion KL'],
    );
    const csv = await cli('source', 'list', '--output', 'csv', '--columns', 'name,type');
    assert.equal(csv.stdout, 'name,type\nDeep field,constant_elevation\nJupiter,solar_system\nOrion KL,fixed\n');
    const show = await cli('source', 'show', 'Jupiter', '--json');
    assert.equal(show.json().ephemeris, 'Jupiter');
    assert.deepEqual(show.json().obsUnits, []);
    const again = await cli(
      'source',
      'add',
      '--name',
      'Orion KL',
      '--type',
      'fixed',
      '--ra',
      '83.81',
      '--dec',
      '-5.37',
    );
    assert.match(again.stdout, /already registered/);
    const other = await cli('source', 'add', '--name', 'Orion KL', '--type', 'fixed', '--ra', '83.9', '--dec', '-5.37');
    assert.equal(other.status, 1);
    assert.match(other.stderr, /source update 'Orion KL'/);
  });

  it('rejects out-of-range coordinates and missing or foreign per-type fields, exit 2 naming the flag', async () => {
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--ra', '360', '--dec', '0'], /--ra: must be at least 0 and less than 360/],
      [['--ra', '-0.1', '--dec', '0'], /--ra: must be at least 0 and less than 360/],
      [['--ra', '10', '--dec', '90.5'], /--dec: must be between -90 and 90/],
      [['--ra', 'ten', '--dec', '0'], /--ra: 'ten' is not a number/],
      [['--type', 'fixed', '--ra', '10'], /missing required flag --dec/],
      [['--type', 'solar_system'], /missing required flag --ephemeris/],
      [['--type', 'solar_system', '--ephemeris', 'Mars', '--ra', '1'], /--ra: does not apply to a solar_system source/],
      [
        [
          '--type',
          'constant_elevation',
          '--ra-min',
          '1',
          '--ra-max',
          '2',
          '--dec-min',
          '5',
          '--dec-max',
          '4',
          '--elevation',
          '30',
        ],
        /--dec-min: must not be greater than the maximum Dec/,
      ],
      [['--type', 'comet', '--ra', '1', '--dec', '1'], /Expected --type=comet to be one of/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('source', 'add', '--name', 'Bad', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    for (const name of ['', 'x'.repeat(256), 'a\u0001b']) {
      const r = await cli('source', 'add', '--name', name, '--ra', '1', '--dec', '1');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /--name: /);
    }
    assert.equal(await count(), before);
  });

  it('updates with before and after, changes type, and --dry-run writes nothing', async () => {
    const dry = await cli('source', 'update', 'Orion KL', '--ra', '83.82', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update source 'Orion KL' \(dry run: nothing written\):\n\s+ra: 83.81 → 83.82/);
    assert.equal((await source('Orion KL')).ra_deg, 83.81);
    const r = await cli('source', 'update', 'Orion KL', '--ra', '83.82', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [{ field: 'ra', before: 83.81, after: 83.82 }]);
    const bad = await cli('source', 'update', 'Orion KL', '--dec', '-91');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--dec: must be between -90 and 90/);
    const retype = await cli('source', 'update', 'Jupiter', '--type', 'fixed', '--ra', '1', '--dec', '2');
    assert.equal(retype.status, 0, retype.stderr);
    const row = await source('Jupiter');
    assert.equal(row.source_type, 'fixed');
    assert.equal(row.ephemeris_name, null);
    const weird = `Src'); drop table source;-- "x" %_`;
    assert.equal((await cli('source', 'update', 'Jupiter', '--new-name', weird)).status, 0);
    assert.equal((await source(weird)).ra_deg, 1);
  });

  it('imports a CSV all or nothing, naming the bad row, and re-imports idempotently', async () => {
    const good = file(
      'sources.csv',
      'name,ra_deg,dec_deg,type,ephemeris_name\nW3(OH),36.77,61.87,,\nSgr B2,266.83,-28.38,fixed,\nMars,,,solar_system,Mars\n',
    );
    const bad = file('bad.csv', 'name,ra_deg,dec_deg\nNGC 1333,52.3,31.3\nBroken,360,10\n');
    const before = await count();
    const rejected = await cli('source', 'import', bad);
    assert.equal(rejected.status, 2);
    assert.match(
      rejected.stderr,
      new RegExp(`${bad}: row 2 \\(Broken\\): ra_deg: must be at least 0 and less than 360`),
    );
    assert.equal(await count(), before);
    assert.equal(await source('NGC 1333'), undefined);
    const twice = await cli('source', 'import', file('twice.csv', 'name,ra_deg,dec_deg,name\nS3,1,2,S4\n'));
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /twice\.csv: line 1 \(header\): column 'name' is named twice; name each column once/);
    assert.equal(await count(), before);
    const missing = await cli('source', 'import', file('missing.csv', 'name,ra_deg\nA,1\n'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /row 1 \(A\): dec_deg: is required for a fixed source/);

    const dry = await cli('source', 'import', good, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /3 sources to create, 0 already present \(dry run: nothing written\)/);
    assert.equal(await count(), before);
    const r = await cli('source', 'import', good, '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /3 sources created, 0 already present/);
    assert.equal((await source('Mars')).ephemeris_name, 'Mars');
    // Nothing to create: no question, so no --yes needed.
    const again = await cli('source', 'import', good, '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.json().dryRun, false);
    assert.deepEqual(again.json().created, []);
    assert.equal(again.json().present.length, 3);
    const quiet = await cli('source', 'import', good);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.match(quiet.stdout, /Nothing to import from .*: 0 sources to create, 3 already present/);
    assert.equal(await count(), before + 3);
  });

  it('reads YAML numbers by the same rule as CSV cells: plain decimals, no hex, exponent or .inf', async () => {
    const before = await count();
    for (const [value, shown] of [
      ['0x1F', '0x1F'],
      ['1e1', '1e1'],
      ['.inf', '.inf'],
      ['0o17', '0o17'],
    ]) {
      const r = await cli(
        'source',
        'import',
        file('typed.yaml', `- name: Typed\n  ra_deg: ${value}\n  dec_deg: 10\n`),
        '--yes',
      );
      assert.equal(r.status, 2, `${value}: ${r.stderr}`);
      assert.match(
        r.stderr,
        new RegExp(
          `row 1 \\(Typed\\): ra_deg: '${shown.replace('.', '\\.')}' is not a number; write a plain decimal number`,
        ),
      );
    }
    assert.equal(await count(), before);
    const ok = await cli(
      'source',
      'import',
      file('plain.yaml', '- name: Plain\n  ra_deg: 31.5\n  dec_deg: -10\n'),
      '--yes',
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual([Number((await source('Plain')).ra_deg), Number((await source('Plain')).dec_deg)], [31.5, -10]);
  });

  it('asks before importing: off a terminal without --yes it exits 2 and writes nothing', async () => {
    const csv = file('confirm.csv', 'name,ra_deg,dec_deg\nConfirm me,10,20\nSgr B2,266.83,-28.38\n');
    const before = await count();
    const r = await cli('source', 'import', csv);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /Import 1 source\(s\) from .*confirm\.csv: confirmation needed/);
    assert.match(r.stderr, /re-run with --yes to confirm/);
    assert.match(r.stderr, /1 sources to create, 1 already present/);
    assert.equal(await count(), before);
    assert.equal(await source('Confirm me'), undefined);
    const json = await cli('source', 'import', csv, '--json');
    assert.equal(json.status, 2);
    assert.match(json.json().error.message, /confirmation needed/);
    assert.equal(await count(), before);
    // A bad file still fails on the file, before any question.
    const bad = await cli('source', 'import', file('bad2.csv', 'name,ra_deg,dec_deg\nBroken,360,10\n'));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /row 1 \(Broken\): ra_deg/);
    assert.doesNotMatch(bad.stderr, /confirmation needed/);

    const declined = await runInTerminal(['source', 'import', csv], ['n'], { url: db.url });
    assert.equal(declined.status, 0, declined.screen);
    assert.match(declined.screen, /Import 1 source\(s\) from/);
    assert.match(declined.screen, /Nothing changed\./);
    assert.equal(await count(), before);
    const accepted = await runInTerminal(['source', 'import', csv], ['y'], { url: db.url });
    assert.equal(accepted.status, 0, accepted.screen);
    assert.match(accepted.screen, /1 sources created, 1 already present/);
    assert.equal(await count(), before + 1);
  });

  it('exits 4 for an unknown source, suggesting the nearest name', async () => {
    const r = await cli('source', 'show', 'Orion K');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no source 'Orion K'; did you mean 'Orion KL'\?/);
  });

  it('asks for missing values on a terminal, the coordinates of the chosen type', async () => {
    // name, type (select: first choice is fixed), ra, dec, confirm
    const r = await runInTerminal(['source', 'add'], ['Terminal src', '', '12.5', '-30', 'y'], { url: db.url });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Source name/);
    assert.match(r.screen, /RA in degrees/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered source 'Terminal src'/);
    const row = await source('Terminal src');
    assert.equal(row.source_type, 'fixed');
    assert.equal(row.dec_deg, -30);
  });

  it('shows only the coordinates of the source type, with the obs units that observe it', async () => {
    const text = (await cli('source', 'show', 'Deep field')).stdout;
    for (const key of ['raMin', 'raMax', 'decMin', 'decMax', 'elevation'])
      assert.match(text, new RegExp(`^${key} `, 'm'));
    for (const key of ['ra', 'dec', 'ephemeris']) assert.doesNotMatch(text, new RegExp(`^${key} `, 'm'));
    const json = (await cli('source', 'show', 'Deep field', '--json')).json();
    assert.deepEqual(Object.keys(json), [
      'name',
      'type',
      'ra',
      'dec',
      'ephemeris',
      'raMin',
      'raMax',
      'decMin',
      'decMax',
      'elevation',
      'createdAt',
      'updatedAt',
      'obsUnits',
    ]);
    assert.deepEqual([json.ra, json.dec, json.ephemeris, json.elevation], [null, null, null, 50]);
    assert.deepEqual(json.obsUnits, []);
  });
});
