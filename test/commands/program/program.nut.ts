import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops program', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const dir = mkdtempSync(join(tmpdir(), 'ccat-ops-program-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const count = async (table: string) => Number((await db.query(`select count(*) as n from ${table}`))[0].n);
  const program = async (shortName: string) =>
    (await db.query('select * from observing_program where short_name = $1', [shortName]))[0];

  it('adds a programme by short name and shows it in list and show', async () => {
    const r = await cli('program', 'add', '--short-name', 'GEco', '--name', 'Galactic Ecology');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered program 'GEco'.");
    assert.equal((await program('GEco')).name, 'Galactic Ecology');
    const list = await cli('program', 'list', '--json');
    assert.deepEqual(
      list.json().items.map((p: { shortName: string }) => p.shortName),
      ['GEco'],
    );
    const again = await cli('program', 'add', '--short-name', 'GEco', '--name', 'Galactic Ecology');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already registered/);
  });

  it('adds sub-programmes and shows them with the obs-unit count', async () => {
    const dry = await cli('program', 'add-sub', 'GEco', '--short-name', 'OrionA', '--name', 'Orion A', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would register sub-program 'OrionA' of program 'GEco'/);
    assert.deepEqual((await cli('program', 'show', 'GEco', '--json')).json().subPrograms, []);
    const r = await cli('program', 'add-sub', 'GEco', '--short-name', 'OrionA', '--name', 'Orion A');
    assert.equal(r.status, 0, r.stderr);
    const show = (await cli('program', 'show', 'GEco', '--json')).json();
    assert.deepEqual(show.subPrograms, [{ shortName: 'OrionA', name: 'Orion A' }]);
    assert.equal(show.obsUnitCount, 0);
    const text = await cli('program', 'show', 'GEco');
    assert.match(text.stdout, /subPrograms\s+OrionA: Orion A/);
    const missing = await cli('program', 'add-sub', 'GECO', '--short-name', 'X', '--name', 'Y');
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /no program 'GECO'; did you mean 'GEco'\?/);
  });

  it('updates with before and after; --dry-run writes nothing; SQL metacharacters stored verbatim', async () => {
    const text = `Robert'); drop table observing_program;-- "q" \\ %_`;
    const dry = await cli('program', 'update', 'GEco', '--description', text, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update program 'GEco' \(dry run: nothing written\)/);
    assert.equal((await program('GEco')).description, null);
    const r = await cli('program', 'update', 'GEco', '--description', text);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await program('GEco')).description, text);
    const bad = await cli('program', 'update', 'GEco', '--new-short-name', 'x'.repeat(65));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--new-short-name: must be at most 64 characters/);
  });

  it('rejects bad names with exit 2 naming the flag', async () => {
    const before = await count('observing_program');
    for (const [args, expected] of [
      [['--short-name', '', '--name', 'X'], /--short-name: must not be empty/],
      [['--short-name', 'A\u0007', '--name', 'X'], /--short-name: must not contain control characters/],
      [['--short-name', 'A', '--name', 'x'.repeat(256)], /--name: must be at most 255 characters/],
      [['--name', 'X'], /missing required flag --short-name/],
    ] as [string[], RegExp][]) {
      const r = await cli('program', 'add', ...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, expected);
    }
    assert.equal(await count('observing_program'), before);
  });

  it('imports a YAML file all or nothing, and again idempotently', async () => {
    const good = file(
      'programs.yaml',
      [
        '- short_name: Cal',
        '  name: Calibration',
        '  description: Pointing and focus.',
        '- short_name: GEco',
        '  name: Galactic Ecology',
        '  sub_programs:',
        '    - short_name: OrionA',
        '      name: Orion A',
        '    - short_name: OrionB',
        '      name: Orion B',
      ].join('\n'),
    );
    const bad = file(
      'bad.yaml',
      ['- short_name: ENG', '  name: Engineering', '- short_name: X', '  name: ""'].join('\n'),
    );
    const programs = await count('observing_program');
    const subs = await count('sub_observing_program');
    const rejected = await cli('program', 'import', bad);
    assert.equal(rejected.status, 2);
    assert.match(rejected.stderr, new RegExp(`${bad}: row 2 \\(X\\): name: must not be empty`));
    assert.equal(await count('observing_program'), programs);

    const dry = await cli('program', 'import', good, '--dry-run', '--json');
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual(dry.json().created, ['Cal', 'GEco/OrionB']);
    assert.equal(await count('observing_program'), programs);
    assert.equal(await count('sub_observing_program'), subs);

    const r = await cli('program', 'import', good, '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 programs\/sub-programs created, 2 already present/);
    assert.equal((await program('Cal')).description, 'Pointing and focus.');
    const again = await cli('program', 'import', good, '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(again.json().created, []);
    assert.deepEqual(again.json().present, ['Cal', 'GEco', 'GEco/OrionA', 'GEco/OrionB']);

    const conflicting = file('conflict.yaml', '- short_name: Cal\n  name: Calibration runs\n');
    const c = await cli('program', 'import', conflicting, '--yes');
    assert.equal(c.status, 1);
    assert.match(c.stderr, /row 1 \(Cal\): name: already registered as Calibration/);
  });

  it('exits 4 for an unknown programme', async () => {
    const r = await cli('program', 'show', 'Geco2', '--json');
    assert.equal(r.status, 4);
    assert.equal(r.json().error.name, 'NotFound');
  });

  it('shows sub-programmes by short name, and names the nearest programme for an unknown one', async () => {
    assert.equal((await cli('program', 'add-sub', 'GEco', '--short-name', 'Cyg', '--name', 'Cygnus X')).status, 0);
    const show = (await cli('program', 'show', 'GEco', '--json')).json();
    const shortNames = show.subPrograms.map((s: { shortName: string }) => s.shortName);
    assert.deepEqual(shortNames, [...shortNames].sort());
    assert.deepEqual(show.subPrograms[0], { shortName: 'Cyg', name: 'Cygnus X' });
    assert.deepEqual(Object.keys(show), [
      'shortName',
      'name',
      'description',
      'createdAt',
      'updatedAt',
      'subPrograms',
      'obsUnitCount',
    ]);
    assert.equal(typeof show.obsUnitCount, 'number');
    assert.match((await cli('program', 'show', 'GEco')).stdout, /^subPrograms\s+(\(\d+\)\n\s+- )?Cyg: Cygnus X/m);
    const r = await cli('program', 'show', 'GEc');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /^Error: no program 'GEc'; did you mean 'GEco'\?/);
  });
});
