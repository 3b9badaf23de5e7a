import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops obs-unit', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-obs-unit-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const count = async () => Number((await db.query('select count(*) as n from obs_unit'))[0].n);
  const unit = async (name: string) =>
    (
      await db.query(
        `select u.*, p.short_name as program, s.short_name as sub_program, src.name as source, m.name as obs_mode
         from obs_unit u join observing_program p on p.id = u.observing_program_id
         left join sub_observing_program s on s.id = u.sub_observing_program_id
         join source src on src.id = u.source_id join obs_mode m on m.id = u.obs_mode_id where u.name = $1`,
        [name],
      )
    )[0];
  const add = (...extra: string[]) =>
    cli('obs-unit', 'add', '--name', 'Orion KL CO43', '--program', 'GEco', '--source', 'Orion KL', ...extra);

  before(async () => {
    assert.equal((await cli('program', 'add', '--short-name', 'GEco', '--name', 'Galactic Ecology')).status, 0);
    assert.equal((await cli('source', 'add', '--name', 'Orion KL', '--ra', '83.81', '--dec', '-5.37')).status, 0);
  });

  it('exits 4 suggesting the seed when no obs mode exists', async () => {
    const r = await add('--obs-mode', 'otf');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no obs modes are registered/);
    assert.match(r.stderr, /ccat-ops db seed/);
    assert.equal(await count(), 0);
    // the seed brings the obs modes (otf, pointing, raster) and the programmes GEco, Cal, ENG
    const seed = await cli('db', 'seed');
    assert.equal(seed.status, 0, seed.stderr);
    assert.equal((await cli('program', 'add-sub', 'GEco', '--short-name', 'OrionA', '--name', 'Orion A')).status, 0);
  });

  it('adds by natural keys, idempotently, and shows it in list, show and program show', async () => {
    const dry = await add('--sub-program', 'OrionA', '--obs-mode', 'otf', '--line', 'CO43', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would register obs unit 'Orion KL CO43'/);
    assert.equal(await count(), 0);
    const r = await add('--sub-program', 'OrionA', '--obs-mode', 'otf', '--line', 'CO43', '--priority', '5');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered obs unit 'Orion KL CO43'.");
    const row = await unit('Orion KL CO43');
    assert.equal(row.program, 'GEco');
    assert.equal(row.sub_program, 'OrionA');
    assert.equal(row.source, 'Orion KL');
    assert.equal(row.obs_mode, 'otf');
    assert.equal(row.line_id, 'CO43');
    assert.equal(row.priority, 5);
    assert.equal(row.available, true);
    const again = await add('--sub-program', 'OrionA', '--obs-mode', 'otf', '--line', 'CO43', '--priority', '5');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already registered/);
    const show = (await cli('obs-unit', 'show', 'Orion KL CO43', '--json')).json();
    assert.equal(show.subProgram, 'OrionA');
    assert.equal((await cli('program', 'show', 'GEco', '--json')).json().obsUnitCount, 1);
    assert.deepEqual((await cli('source', 'show', 'Orion KL', '--json')).json().obsUnits, ['Orion KL CO43']);
    const list = await cli(
      'obs-unit',
      'list',
      '--program',
      'GEco',
      '--source',
      'Orion KL',
      '--output',
      'csv',
      '--columns',
      'name,obsMode,priority',
    );
    assert.equal(list.stdout, 'name,obsMode,priority\nOrion KL CO43,otf,5\n');
    assert.deepEqual((await cli('obs-unit', 'list', '--program', 'Cal', '--json')).json(), { items: [], next: null });
  });

  it('exits 4 for unknown programme, sub-programme, source or mode, suggesting the nearest name', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--name', 'X', '--program', 'GEcoo', '--source', 'Orion KL', '--obs-mode', 'otf'],
        /no program 'GEcoo'; did you mean 'GEco'\?/,
      ],
      [
        ['--name', 'X', '--program', 'GEco', '--sub-program', 'OrionB', '--source', 'Orion KL', '--obs-mode', 'otf'],
        /no sub-program 'OrionB' in program 'GEco'; did you mean 'OrionA'\?/,
      ],
      [
        ['--name', 'X', '--program', 'GEco', '--source', 'Orion KM', '--obs-mode', 'otf'],
        /no source 'Orion KM'; did you mean 'Orion KL'\?/,
      ],
      [
        ['--name', 'X', '--program', 'GEco', '--source', 'Orion KL', '--obs-mode', 'rastr'],
        /no obs mode 'rastr'; did you mean 'raster'\?/,
      ],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('obs-unit', 'add', ...args);
      assert.equal(r.status, 4, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
    }
    assert.equal((await cli('obs-unit', 'show', 'Orion KL CO44')).status, 4);
    assert.equal(await count(), 1);
  });

  it('rejects bad values with exit 2 naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--obs-mode', 'otf', '--priority', 'high'], /--priority: 'high' is not a number/],
      [['--obs-mode', 'otf', '--priority', '1.5'], /--priority: must be a whole number/],
      [['--obs-mode', 'otf', '--line', 'x'.repeat(65)], /--line: must be at most 64 characters/],
      [[], /missing required flag --obs-mode/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('obs-unit', 'add', '--name', 'Y', '--program', 'GEco', '--source', 'Orion KL', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
    }
  });

  it('updates with before and after; moving programme drops the sub-programme; --dry-run writes nothing', async () => {
    const dry = await cli('obs-unit', 'update', 'Orion KL CO43', '--priority', '7', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update obs unit 'Orion KL CO43' \(dry run: nothing written\):\n\s+priority: 5 → 7/);
    assert.equal((await unit('Orion KL CO43')).priority, 5);
    const r = await cli(
      'obs-unit',
      'update',
      'Orion KL CO43',
      '--program',
      'Cal',
      '--obs-mode',
      'raster',
      '--line',
      '',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.json().changes.map((c: { field: string }) => c.field),
      ['program', 'subProgram', 'obsMode', 'line'],
    );
    const row = await unit('Orion KL CO43');
    assert.equal(row.program, 'Cal');
    assert.equal(row.sub_program, null);
    assert.equal(row.line_id, null);
    assert.equal(row.obs_mode, 'raster');
    const weird = `OU'); drop table obs_unit;-- "x" %_`;
    assert.equal((await cli('obs-unit', 'update', 'Orion KL CO43', '--new-name', weird)).status, 0);
    assert.equal((await unit(weird)).program, 'Cal');
    assert.equal((await cli('obs-unit', 'update', weird, '--new-name', 'Orion KL CO43')).status, 0);
  });

  it('set-available is idempotent and honours --dry-run', async () => {
    const dry = await cli('obs-unit', 'set-available', 'Orion KL CO43', 'false', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would mark 'Orion KL CO43' unavailable/);
    assert.equal((await unit('Orion KL CO43')).available, true);
    const r = await cli('obs-unit', 'set-available', 'Orion KL CO43', 'false');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Marked 'Orion KL CO43' unavailable/);
    assert.equal((await unit('Orion KL CO43')).available, false);
    const again = await cli('obs-unit', 'set-available', 'Orion KL CO43', 'false');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Already unavailable: 'Orion KL CO43'; nothing changed/);
    assert.deepEqual((await cli('obs-unit', 'list', '--available', '--json')).json(), { items: [], next: null });
    assert.equal((await cli('obs-unit', 'list', '--no-available', '--json')).json().items.length, 1);
    const bad = await cli('obs-unit', 'set-available', 'Orion KL CO43', 'maybe');
    assert.equal(bad.status, 2);
    assert.equal((await unit('Orion KL CO43')).available, false);
    assert.equal((await cli('obs-unit', 'set-available', 'Orion KL CO43')).status, 2);
    assert.equal((await cli('obs-unit', 'set-available', 'Orion KL CO43', 'Orion KL CI', 'true')).status, 2);
    assert.equal((await cli('obs-unit', 'set-available', 'Orion KL CO43', 'true')).status, 0);
    assert.equal((await unit('Orion KL CO43')).available, true);
    assert.equal((await cli('obs-unit', 'set-available', 'Nope', 'true')).status, 4);
  });

  it('imports YAML and CSV all or nothing, naming the bad row, and re-imports idempotently', async () => {
    const before = await count();
    const bad = file(
      'bad.csv',
      'name,program,source,obs_mode,priority\nGood one,GEco,Orion KL,otf,1\nBad one,GEco,Orion KL,otf,x\n',
    );
    const rejected = await cli('obs-unit', 'import', bad);
    assert.equal(rejected.status, 2);
    assert.match(rejected.stderr, new RegExp(`${bad}: row 2 \\(Bad one\\): priority: 'x' is not a number`));
    assert.equal(await count(), before);

    const unknown = file(
      'unknown.csv',
      'name,program,source,obs_mode\nFirst,GEco,Orion KL,otf\nSecond,GEco,Nowhere,otf\n',
    );
    const missing = await cli('obs-unit', 'import', unknown);
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /row 2 \(Second\): source: no source 'Nowhere'/);
    assert.equal(await count(), before);

    const yaml = file(
      'units.yaml',
      [
        '- name: Orion KL CI',
        '  program: GEco',
        '  sub_program: OrionA',
        '  source: Orion KL',
        '  obs_mode: otf',
        '  line_id: CI10',
        '  priority: 2',
        '- name: Orion KL pointing',
        '  program: Cal',
        '  source: Orion KL',
        '  obs_mode: pointing',
        '  available: false',
      ].join('\n'),
    );
    const dry = await cli('obs-unit', 'import', yaml, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /2 obs units to create, 0 already present \(dry run: nothing written\)/);
    assert.equal(await count(), before);
    const r = await cli('obs-unit', 'import', yaml, '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 obs units created, 0 already present/);
    assert.equal((await unit('Orion KL CI')).sub_program, 'OrionA');
    assert.equal((await unit('Orion KL pointing')).available, false);
    const again = await cli('obs-unit', 'import', yaml);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Nothing to import from .*: 0 obs units to create, 2 already present/);

    const csv = file(
      'units.csv',
      'name,program,source,obs_mode,line_id\nOrion KL CI,GEco,Orion KL,otf,CI10\nNew one,ENG,Orion KL,raster,\n',
    );
    const mixed = await cli('obs-unit', 'import', csv, '--json', '--yes');
    assert.equal(mixed.status, 0, mixed.stderr);
    assert.deepEqual(mixed.json().created, ['New one']);
    assert.deepEqual(mixed.json().present, ['Orion KL CI']);
    assert.equal(await count(), before + 3);
  });

  it('lists the obs units of a source, and names the nearest programme or source for an unknown one', async () => {
    assert.equal(
      (await cli('source', 'add', '--name', 'Jupiter', '--type', 'solar_system', '--ephemeris', 'Jupiter')).status,
      0,
    );
    const r = await cli(
      'obs-unit',
      'add',
      '--name',
      'Jupiter pointing',
      '--program',
      'GEco',
      '--source',
      'Jupiter',
      '--obs-mode',
      'pointing',
      '--no-available',
    );
    assert.equal(r.status, 0, r.stderr);
    const [item, ...others] = (await cli('obs-unit', 'list', '--source', 'Jupiter', '--json')).json().items;
    assert.deepEqual(others, []);
    const { createdAt: _c, updatedAt: _u, ...rest } = item;
    assert.deepEqual(rest, {
      name: 'Jupiter pointing',
      program: 'GEco',
      subProgram: null,
      source: 'Jupiter',
      obsMode: 'pointing',
      line: null,
      priority: 0,
      available: false,
    });
    assert.deepEqual(Object.keys(item), [...Object.keys(rest), 'createdAt', 'updatedAt']);
    const program = await cli('obs-unit', 'list', '--program', 'GEcoo');
    assert.equal(program.status, 4);
    assert.match(program.stderr, /^Error: no program 'GEcoo'; did you mean 'GEco'\?/);
    const source = await cli('obs-unit', 'list', '--source', 'Jupitr', '--json');
    assert.equal(source.status, 4);
    assert.match(source.json().error.message, /^no source 'Jupitr'; did you mean 'Jupiter'\?/);
  });
});
