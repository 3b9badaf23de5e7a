import assert from 'node:assert/strict';
import {
  ChecksumAlgorithm,
  DataLocationSchema,
  DataTransferPackageSchema,
  ExecutedObsUnitSchema,
  LocationType,
  ObservatorySchema,
  RawDataPackageSchema,
  StorageType,
} from '../../entities/index.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * What PostgreSQL itself accepts and rejects, per DESIGN §5: the schema must hold even for writers
 * that bypass this product (instruments filing data, bulk loads), so most rows here go in by SQL.
 */
describe('schema constraints (DESIGN §5)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const FIFTY_GB = 53_687_091_200; // > 2^32
  const SHA256 = 'a'.repeat(64);

  let n = 0;
  /** A fresh natural key, so tests sharing this file's database never collide. */
  const uniq = (prefix: string) => `${prefix}_${++n}`;

  const unique = (constraint: string) => ({ code: '23505', constraint });
  const check = (constraint: string) => ({ code: '23514', constraint });
  const foreignKey = (constraint: string) => ({ code: '23503', constraint });
  const notNull = (column: string) => ({ code: '23502', column });

  const one = async <R extends Record<string, unknown> = { id: number }>(sql: string, params?: unknown[]) => {
    const rows = await db.query<R>(sql, params);
    assert.equal(rows.length, 1, `expected one row from: ${sql}`);
    return rows[0];
  };

  const site = async (shortName = uniq('site')) =>
    (await one(`insert into site (short_name, name) values ($1, $1) returning id`, [shortName])).id;

  const diskLocation = async (siteId: number, name = uniq('loc')) =>
    (
      await one(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ($1, $2, 'buffer', 'disk', '/data') returning id`,
        [siteId, name],
      )
    ).id;

  const transferPackage = async (name = uniq('dtp')) =>
    (
      await one(`insert into data_transfer_package (name, relative_path) values ($1, $2) returning id`, [
        name,
        `${name}.tar`,
      ])
    ).id;

  const observatory = async (name = uniq('obs')) =>
    (await one(`insert into observatory (name) values ($1) returning id`, [name])).id;

  const telescope = async (observatoryId: number, name = uniq('tel')) =>
    (await one(`insert into telescope (observatory_id, name) values ($1, $2) returning id`, [observatoryId, name])).id;

  const instrument = async (telescopeId: number, name = uniq('inst')) =>
    (
      await one(
        `insert into instrument (telescope_id, name, instrument_type) values ($1, $2, 'heterodyne') returning id`,
        [telescopeId, name],
      )
    ).id;

  const module_ = async (instrumentId: number, name = uniq('mod')) =>
    (
      await one(`insert into instrument_module (instrument_id, name) values ($1, $2) returning id`, [
        instrumentId,
        name,
      ])
    ).id;

  const program = async (shortName = uniq('prog')) =>
    (await one(`insert into observing_program (short_name, name) values ($1, $1) returning id`, [shortName])).id;

  const user = async (username = uniq('user')) =>
    (await one(`insert into "user" (username) values ($1) returning id`, [username])).id;

  /** Shared fixtures: one observing chain down to an executed obs unit, and two sites with a location each. */
  const fx = {} as {
    moduleId: number;
    obsUnitId: number;
    executedId: string;
    siteA: number;
    siteB: number;
    locA: number;
    locB: number;
  };

  before(async () => {
    const instrumentId = await instrument(await telescope(await observatory()));
    fx.moduleId = await module_(instrumentId);
    const programId = await program();
    const sourceId = (
      await one(
        `insert into source (name, source_type, ra_deg, dec_deg) values ('Orion KL', 'fixed', 83.8, -5.4) returning id`,
      )
    ).id;
    const modeId = (await one(`insert into obs_mode (name) values ('otf') returning id`)).id;
    fx.obsUnitId = (
      await one(
        `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id) values ('ou1', $1, $2, $3) returning id`,
        [programId, sourceId, modeId],
      )
    ).id;
    fx.executedId = (
      await one<{ id: string }>(
        `insert into executed_obs_unit (obs_unit_id, start_time) values ($1, now()) returning id`,
        [fx.obsUnitId],
      )
    ).id;
    fx.siteA = await site();
    fx.siteB = await site();
    fx.locA = await diskLocation(fx.siteA);
    fx.locB = await diskLocation(fx.siteB);
  });

  describe('enums', () => {
    it('rejects a location type that is not a LocationType', async () => {
      await assert.rejects(
        db.query(
          `insert into data_location (site_id, name, location_type, storage_type, root_path) values ($1, 'x', 'attic', 'disk', '/x')`,
          [fx.siteA],
        ),
        check('data_location_location_type_check'),
      );
    });

    it('rejects a storage type that is not a StorageType', async () => {
      await assert.rejects(
        db.query(
          `insert into data_location (site_id, name, location_type, storage_type, root_path) values ($1, 'x', 'buffer', 'floppy', '/x')`,
          [fx.siteA],
        ),
        check('data_location_storage_type_check'),
      );
    });

    it('rejects a transfer status that is not a Status, on insert and on update', async () => {
      const pkg = await transferPackage();
      const insert = `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, status)
                      values ($1, $2, $3, $4) returning id`;
      await assert.rejects(db.query(insert, [pkg, fx.locA, fx.locB, 'lost']), check('data_transfer_status_check'));
      const { id } = await one<{ id: string }>(insert, [pkg, fx.locA, fx.locB, 'pending']);
      await assert.rejects(
        db.query(`update data_transfer set unpack_status = 'lost' where id = $1`, [id]),
        check('data_transfer_unpack_status_check'),
      );
    });

    it('rejects unknown route methods, package states and copy statuses', async () => {
      await assert.rejects(
        db.query(
          `insert into data_transfer_route (name, origin_site_id, destination_site_id, method) values ('r', $1, $2, 'ftp')`,
          [fx.siteA, fx.siteB],
        ),
        check('data_transfer_route_method_check'),
      );
      await assert.rejects(
        db.query(
          `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, state)
           values ('p', $1, $2, 'p.tar', 'lost')`,
          [fx.executedId, fx.moduleId],
        ),
        check('raw_data_package_state_check'),
      );
      const pkg = await transferPackage();
      await assert.rejects(
        db.query(
          `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, status)
           values ('data_transfer_package', $1, $2, 'gone')`,
          [pkg, fx.locA],
        ),
        check('physical_copy_status_check'),
      );
      await assert.rejects(
        // With an end time, so only the status is wrong (a running one must have none).
        db.query(`update executed_obs_unit set status = 'paused', end_time = start_time where id = $1`, [
          fx.executedId,
        ]),
        check('executed_obs_unit_status_check'),
      );
    });

    it('rejects upper-case spellings: stored values are lower-case only', async () => {
      await assert.rejects(
        db.query(
          `insert into data_location (site_id, name, location_type, storage_type, root_path) values ($1, 'x', 'BUFFER', 'disk', '/x')`,
          [fx.siteA],
        ),
        check('data_location_location_type_check'),
      );
      await assert.rejects(
        db.query(`insert into data_transfer_package (name, relative_path, status) values ('x', 'x', 'PENDING')`),
        check('data_transfer_package_status_check'),
      );
    });

    it('stores the lower-case value when the ORM writes an enum', async () => {
      const em = await db.em();
      const name = uniq('lta');
      em.create(DataLocationSchema, {
        site: fx.siteA,
        name,
        locationType: LocationType.LONG_TERM_ARCHIVE,
        storageType: StorageType.S3,
        bucket: 'ccat-lta',
      });
      await em.flush();
      const row = await one<{ location_type: string; storage_type: string }>(
        `select location_type, storage_type from data_location where name = $1`,
        [name],
      );
      assert.deepEqual(row, { location_type: 'long_term_archive', storage_type: 's3' });
    });
  });

  describe('natural keys', () => {
    it('observatory names are unique', async () => {
      const name = uniq('CCAT');
      await observatory(name);
      await assert.rejects(observatory(name), unique('observatory_name_unique'));
    });

    it('telescope names are unique, even across observatories', async () => {
      const name = uniq('FYST');
      await telescope(await observatory(), name);
      await assert.rejects(telescope(await observatory(), name), unique('telescope_name_unique'));
    });

    it('instrument names are unique per telescope; two telescopes may share one', async () => {
      const obs = await observatory();
      const [t1, t2] = [await telescope(obs), await telescope(obs)];
      await instrument(t1, 'CHAI');
      await assert.rejects(instrument(t1, 'CHAI'), unique('instrument_telescope_id_name_unique'));
      await instrument(t2, 'CHAI');
      const rows = await db.query(`select 1 from instrument where name = 'CHAI'`);
      assert.equal(rows.length, 2);
    });

    it('module names are unique per instrument; two instruments may share one', async () => {
      const tel = await telescope(await observatory());
      const [i1, i2] = [await instrument(tel), await instrument(tel)];
      await module_(i1, 'LFA');
      await assert.rejects(module_(i1, 'LFA'), unique('instrument_module_instrument_id_name_unique'));
      await module_(i2, 'LFA');
      const rows = await db.query(`select 1 from instrument_module where name = 'LFA'`);
      assert.equal(rows.length, 2);
    });

    it('site short names are unique', async () => {
      const shortName = uniq('cologne');
      await site(shortName);
      await assert.rejects(site(shortName), unique('site_short_name_unique'));
    });

    it('location names are unique per site; two sites may share one', async () => {
      const [s1, s2] = [await site(), await site()];
      await diskLocation(s1, 'buffer');
      await assert.rejects(diskLocation(s1, 'buffer'), unique('data_location_site_id_name_unique'));
      await diskLocation(s2, 'buffer');
      const rows = await db.query(`select 1 from data_location where name = 'buffer' and site_id in ($1, $2)`, [
        s1,
        s2,
      ]);
      assert.equal(rows.length, 2);
    });

    it('route names are unique', async () => {
      const route = `insert into data_transfer_route (name, origin_site_id, destination_site_id, method)
                     values ('ccat-to-cologne', $1, $2, 'bbcp')`;
      await db.query(route, [fx.siteA, fx.siteB]);
      await assert.rejects(db.query(route, [fx.siteB, fx.siteA]), unique('data_transfer_route_name_unique'));
    });

    it('observing programme short names are unique', async () => {
      const shortName = uniq('GEco');
      await program(shortName);
      await assert.rejects(program(shortName), unique('observing_program_short_name_unique'));
    });

    it('sub-programme short names are unique per programme; two programmes may share one', async () => {
      const [p1, p2] = [await program(), await program()];
      const sub = `insert into sub_observing_program (observing_program_id, short_name, name) values ($1, 'deep', 'Deep')`;
      await db.query(sub, [p1]);
      await assert.rejects(db.query(sub, [p1]), unique('sub_observing_program_observing_program_id_short_name_unique'));
      await db.query(sub, [p2]);
      const rows = await db.query(`select 1 from sub_observing_program where short_name = 'deep'`);
      assert.equal(rows.length, 2);
    });

    it('an API token hash is unique, even across users', async () => {
      const token = `insert into api_token (user_id, name, token_hash, prefix) values ($1, $2, $3, 'ops_api_')`;
      const hash = 'b'.repeat(64);
      await db.query(token, [await user(), 'ci', hash]);
      await assert.rejects(db.query(token, [await user(), 'ci', hash]), unique('api_token_token_hash_unique'));
    });

    it('an API token hash must be lower-case SHA-256 hex', async () => {
      const token = `insert into api_token (user_id, name, token_hash, prefix) values ($1, 'ci', $2, 'ops_api_')`;
      const u = await user();
      await assert.rejects(db.query(token, [u, 'B'.repeat(64)]), check('api_token_token_hash_check'));
      await assert.rejects(db.query(token, [u, 'ops_api_token_secret']), check('api_token_token_hash_check'));
    });

    it('source, obs mode, obs unit, package and user names are unique too', async () => {
      const cases: [sql: string, params: unknown[], constraint: string][] = [
        [
          `insert into source (name, source_type, ephemeris_name) values ('Mars', 'solar_system', 'mars')`,
          [],
          'source_name_unique',
        ],
        [`insert into obs_mode (name) values ('dup-mode')`, [], 'obs_mode_name_unique'],
        [
          `insert into obs_unit (name, observing_program_id, source_id, obs_mode_id)
           select 'dup-ou', observing_program_id, source_id, obs_mode_id from obs_unit where id = $1`,
          [fx.obsUnitId],
          'obs_unit_name_unique',
        ],
        [
          `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
           values ('dup-rdp', $1, $2, 'x')`,
          [fx.executedId, fx.moduleId],
          'raw_data_package_name_unique',
        ],
        [
          `insert into data_transfer_package (name, relative_path) values ('dup-dtp', 'x')`,
          [],
          'data_transfer_package_name_unique',
        ],
        [`insert into "user" (username) values ('dup-user')`, [], 'user_username_unique'],
      ];
      for (const [sql, params, constraint] of cases) {
        await db.query(sql, params);
        await assert.rejects(db.query(sql, params), unique(constraint), constraint);
      }
    });
  });

  describe('data locations', () => {
    const location = (storageType: string, columns: Record<string, string>) => {
      const names = Object.keys(columns);
      return db.query(
        `insert into data_location (site_id, name, location_type, storage_type${names.map((c) => `, ${c}`).join('')})
         values ($1, $2, 'buffer', $3${names.map((_, i) => `, $${i + 4}`).join('')})`,
        [fx.siteA, uniq(storageType), storageType, ...Object.values(columns)],
      );
    };

    it('a disk location needs a root path', async () => {
      await assert.rejects(location('disk', { host: 'buffer.ccat' }), check('data_location_disk_check'));
      await location('disk', { host: 'buffer.ccat', root_path: '/data' });
    });

    it('an s3 location needs a bucket', async () => {
      await assert.rejects(
        location('s3', { endpoint_url: 'https://s3.example', credentials_env: 'S3_KEY' }),
        check('data_location_s3_check'),
      );
      await location('s3', { endpoint_url: 'https://s3.example', credentials_env: 'S3_KEY', bucket: 'ccat' });
    });

    it('a tape location needs a library', async () => {
      await assert.rejects(location('tape', { root_path: '/archive' }), check('data_location_tape_check'));
      await location('tape', { root_path: '/archive', library: 'TS4500' });
    });

    it('the ORM cannot save a disk location without a root path either', async () => {
      const em = await db.em();
      em.create(DataLocationSchema, {
        site: fx.siteA,
        name: uniq('disk'),
        locationType: LocationType.BUFFER,
        storageType: StorageType.DISK,
        host: 'buffer.ccat',
      });
      await assert.rejects(em.flush(), check('data_location_disk_check'));
    });
  });

  describe('transfer routes', () => {
    const route = (origin: number, destination: number, routeType: string, relay: number | null) =>
      db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, relay_site_id, method)
         values ($1, $2, $3, $4, $5, 'rsync')`,
        [uniq('route'), origin, destination, routeType, relay],
      );

    it('a route cannot start and end at the same site', async () => {
      await assert.rejects(route(fx.siteA, fx.siteA, 'direct', null), check('data_transfer_route_sites_check'));
    });

    it('a relay route needs a relay site', async () => {
      await assert.rejects(route(fx.siteA, fx.siteB, 'relay', null), check('data_transfer_route_relay_check'));
      await route(fx.siteA, fx.siteB, 'relay', await site());
    });

    it('a route type outside RouteType is rejected', async () => {
      await assert.rejects(
        route(fx.siteA, fx.siteB, 'carrier_pigeon', null),
        check('data_transfer_route_route_type_check'),
      );
    });
  });

  describe('sources', () => {
    const fixed = (ra: number | null, dec: number | null) =>
      db.query(`insert into source (name, source_type, ra_deg, dec_deg) values ($1, 'fixed', $2, $3)`, [
        uniq('src'),
        ra,
        dec,
      ]);

    it('a fixed source needs both RA and Dec', async () => {
      await assert.rejects(fixed(83.8, null), check('source_fixed_check'));
      await assert.rejects(fixed(null, -5.4), check('source_fixed_check'));
    });

    it('RA must lie in [0, 360)', async () => {
      await fixed(0, 0);
      await fixed(359.999, 0);
      await assert.rejects(fixed(360, 0), check('source_ra_deg_check'));
      await assert.rejects(fixed(-0.001, 0), check('source_ra_deg_check'));
    });

    it('Dec must lie in [-90, 90]', async () => {
      await fixed(10, -90);
      await fixed(10, 90);
      await assert.rejects(fixed(10, 90.001), check('source_dec_deg_check'));
      await assert.rejects(fixed(10, -90.001), check('source_dec_deg_check'));
    });

    it('a solar-system object cannot carry fixed coordinates', async () => {
      await assert.rejects(
        db.query(
          `insert into source (name, source_type, ephemeris_name, ra_deg, dec_deg) values ('Jupiter', 'solar_system', 'jupiter', 1, 1)`,
        ),
        check('source_fixed_check'),
      );
    });
  });

  describe('identifiers', () => {
    const idType = async (table: string) =>
      (
        await one<{ data_type: string }>(
          `select data_type from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name = 'id'`,
          [table],
        )
      ).data_type;

    it('executed obs units, raw data files and raw data packages get a UUID from the database when SQL omits it', async () => {
      const executed = await one<{ id: string }>(
        `insert into executed_obs_unit (obs_unit_id, start_time) values ($1, now()) returning id`,
        [fx.obsUnitId],
      );
      const pkg = await one<{ id: string }>(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path)
         values ($1, $2, $3, 'p.tar') returning id`,
        [uniq('rdp'), executed.id, fx.moduleId],
      );
      const file = await one<{ id: string }>(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, raw_data_package_id, relative_path,
                                    size_bytes, checksum, checksum_algorithm)
         values ($1, $2, $3, 'f.fits', 1, $4, 'sha256') returning id`,
        [executed.id, fx.moduleId, pkg.id, SHA256],
      );
      for (const id of [executed.id, pkg.id, file.id]) assert.match(id, UUID);
      assert.equal(new Set([executed.id, pkg.id, file.id]).size, 3);
      for (const table of ['executed_obs_unit', 'raw_data_package', 'raw_data_file'])
        assert.equal(await idType(table), 'uuid', table);
    });

    it('the ORM assigns a UUID on create, before anything reaches the database', async () => {
      const em = await db.em();
      const executed = em.create(ExecutedObsUnitSchema, { obsUnit: fx.obsUnitId, startTime: new Date() });
      assert.match(executed.id, UUID);
      const pkg = em.create(RawDataPackageSchema, {
        name: uniq('rdp'),
        executedObsUnit: executed,
        instrumentModule: fx.moduleId,
        relativePath: 'p.tar',
      });
      assert.match(pkg.id, UUID);
      await em.flush();
      const rows = await db.query(
        `select 1 from raw_data_package p join executed_obs_unit e on e.id = p.executed_obs_unit_id
         where p.id = $1 and e.id = $2`,
        [pkg.id, executed.id],
      );
      assert.equal(rows.length, 1);
    });

    it('reference data has integer keys; transfers, copies and audit rows have bigint keys', async () => {
      for (const table of ['site', 'data_location', 'observatory', 'instrument_module', 'observing_program'])
        assert.equal(await idType(table), 'integer', table);
      for (const table of ['data_transfer', 'data_transfer_log', 'physical_copy', 'audit_run', 'audit_finding'])
        assert.equal(await idType(table), 'bigint', table);
    });

    it('transfer and copy ids keep counting past 2^32', async () => {
      await db.query(`select setval(pg_get_serial_sequence('data_transfer', 'id'), 5000000000)`);
      await db.query(`select setval(pg_get_serial_sequence('physical_copy', 'id'), 5000000000)`);
      const pkg = await transferPackage();
      const transfer = await one<{ id: string }>(
        `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id)
         values ($1, $2, $3) returning id`,
        [pkg, fx.locA, fx.locB],
      );
      assert.equal(transfer.id, '5000000001');
      const log = await one<{ data_transfer_id: string }>(
        `insert into data_transfer_log (data_transfer_id, message) values ($1, 'started') returning data_transfer_id`,
        [transfer.id],
      );
      assert.equal(log.data_transfer_id, '5000000001');
      const copy = await one<{ id: string }>(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id)
         values ('data_transfer_package', $1, $2) returning id`,
        [pkg, fx.locA],
      );
      assert.equal(copy.id, '5000000001');
    });
  });

  describe('sizes', () => {
    it('a 50 GB package size is stored exactly and read back by the ORM as a number', async () => {
      const name = uniq('rdp');
      await db.query(
        `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, size_bytes)
         values ($1, $2, $3, 'big.tar', $4)`,
        [name, fx.executedId, fx.moduleId, FIFTY_GB],
      );
      const raw = await one<{ size_bytes: string }>(`select size_bytes from raw_data_package where name = $1`, [name]);
      assert.equal(raw.size_bytes, '53687091200');
      const em = await db.em();
      const pkg = await em.findOneOrFail(RawDataPackageSchema, { name });
      assert.equal(typeof pkg.sizeBytes, 'number');
      assert.equal(pkg.sizeBytes, FIFTY_GB);
    });

    it('the ORM writes sizes over 2^32 without truncation', async () => {
      const name = uniq('dtp');
      const em = await db.em();
      em.create(DataTransferPackageSchema, { name, relativePath: 'big.tar', sizeBytes: FIFTY_GB * 2 });
      await em.flush();
      const raw = await one<{ size_bytes: string }>(`select size_bytes from data_transfer_package where name = $1`, [
        name,
      ]);
      assert.equal(raw.size_bytes, '107374182400');
    });

    it('raw data files, copies and transfers hold sizes over 2^32 too', async () => {
      const file = await one<{ size_bytes: string }>(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum,
                                    checksum_algorithm)
         values ($1, $2, 'big.fits', $3, $4, 'sha256') returning size_bytes`,
        [fx.executedId, fx.moduleId, FIFTY_GB, SHA256],
      );
      assert.equal(file.size_bytes, '53687091200');
      const pkg = await transferPackage();
      const copy = await one<{ size_bytes: string }>(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, size_bytes)
         values ('data_transfer_package', $1, $2, $3) returning size_bytes`,
        [pkg, fx.locB, FIFTY_GB],
      );
      assert.equal(copy.size_bytes, '53687091200');
      const transfer = await one<{ bytes_transferred: string }>(
        `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, bytes_transferred)
         values ($1, $2, $3, $4) returning bytes_transferred`,
        [pkg, fx.locA, fx.locB, FIFTY_GB],
      );
      assert.equal(transfer.bytes_transferred, '53687091200');
    });

    it('sizes cannot be negative', async () => {
      await assert.rejects(
        db.query(`insert into data_transfer_package (name, relative_path, size_bytes) values ('neg', 'x', -1)`),
        check('data_transfer_package_size_bytes_check'),
      );
    });
  });

  describe('foreign keys', () => {
    it('a site that still has a location cannot be deleted', async () => {
      const s = await site();
      await diskLocation(s);
      await assert.rejects(
        db.query(`delete from site where id = $1`, [s]),
        foreignKey('data_location_site_id_foreign'),
      );
      const rows = await db.query(`select 1 from site where id = $1`, [s]);
      assert.equal(rows.length, 1);
    });

    it('a site that a route uses cannot be deleted', async () => {
      const [s1, s2] = [await site(), await site()];
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, method) values ($1, $2, $3, 'cp')`,
        [uniq('route'), s1, s2],
      );
      await assert.rejects(
        db.query(`delete from site where id = $1`, [s2]),
        foreignKey('data_transfer_route_destination_site_id_foreign'),
      );
    });

    it('an observatory, telescope or instrument with children cannot be deleted', async () => {
      const obs = await observatory();
      const tel = await telescope(obs);
      const inst = await instrument(tel);
      await module_(inst);
      await assert.rejects(
        db.query(`delete from observatory where id = $1`, [obs]),
        foreignKey('telescope_observatory_id_foreign'),
      );
      await assert.rejects(
        db.query(`delete from telescope where id = $1`, [tel]),
        foreignKey('instrument_telescope_id_foreign'),
      );
      await assert.rejects(
        db.query(`delete from instrument where id = $1`, [inst]),
        foreignKey('instrument_module_instrument_id_foreign'),
      );
    });

    it('a location holding a copy cannot be deleted', async () => {
      const loc = await diskLocation(fx.siteA);
      await db.query(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id) values ('data_transfer_package', $1, $2)`,
        [await transferPackage(), loc],
      );
      await assert.rejects(
        db.query(`delete from data_location where id = $1`, [loc]),
        foreignKey('physical_copy_data_location_id_foreign'),
      );
    });

    it('a location cannot point at a site that does not exist', async () => {
      await assert.rejects(diskLocation(2_000_000_000), foreignKey('data_location_site_id_foreign'));
    });

    it('deleting a transfer deletes its log rows', async () => {
      const transfer = await one<{ id: string }>(
        `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id)
         values ($1, $2, $3) returning id`,
        [await transferPackage(), fx.locA, fx.locB],
      );
      await db.query(
        `insert into data_transfer_log (data_transfer_id, log_path, message)
         values ($1, '/logs/1.log', 'started'), ($1, '/logs/1.log', 'done')`,
        [transfer.id],
      );
      const logs = () => db.query(`select 1 from data_transfer_log where data_transfer_id = $1`, [transfer.id]);
      assert.equal((await logs()).length, 2);
      await db.query(`delete from data_transfer where id = $1`, [transfer.id]);
      assert.equal((await logs()).length, 0);
    });

    it('a package that was transferred cannot be deleted', async () => {
      const pkg = await transferPackage();
      await db.query(
        `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id) values ($1, $2, $3)`,
        [pkg, fx.locA, fx.locB],
      );
      await assert.rejects(
        db.query(`delete from data_transfer_package where id = $1`, [pkg]),
        foreignKey('data_transfer_data_transfer_package_id_foreign'),
      );
    });
  });

  describe('checksums', () => {
    const withChecksum = (
      table: 'data_transfer_package' | 'raw_data_package',
      checksum: string | null,
      algo: string | null,
    ) =>
      table === 'data_transfer_package'
        ? db.query(
            `insert into data_transfer_package (name, relative_path, checksum, checksum_algorithm) values ($1, 'x', $2, $3)`,
            [uniq('dtp'), checksum, algo],
          )
        : db.query(
            `insert into raw_data_package (name, executed_obs_unit_id, instrument_module_id, relative_path, checksum, checksum_algorithm)
             values ($1, $2, $3, 'x', $4, $5)`,
            [uniq('rdp'), fx.executedId, fx.moduleId, checksum, algo],
          );

    for (const table of ['data_transfer_package', 'raw_data_package'] as const) {
      it(`a ${table} checksum and its algorithm are set together or not at all`, async () => {
        await assert.rejects(withChecksum(table, SHA256, null), check(`${table}_checksum_check`));
        await assert.rejects(withChecksum(table, null, 'sha256'), check(`${table}_checksum_check`));
        await withChecksum(table, null, null);
        await withChecksum(table, SHA256, 'sha256');
      });

      it(`a ${table} checksum algorithm is one of sha256, md5, xxh64, adler32`, async () => {
        for (const algo of ['sha256', 'md5', 'xxh64', 'adler32']) await withChecksum(table, 'abc', algo);
        for (const algo of ['crc32', 'SHA256', 'sha-256'])
          await assert.rejects(withChecksum(table, 'abc', algo), check(`${table}_checksum_algorithm_check`), algo);
      });
    }

    it('a physical copy checksum and its algorithm are set together, with a known algorithm', async () => {
      const pkg = await transferPackage();
      const copy = (checksum: string | null, algo: string | null) =>
        db.query(
          `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, checksum, checksum_algorithm)
           values ('data_transfer_package', $1, $2, $3, $4)`,
          [pkg, fx.locA, checksum, algo],
        );
      await assert.rejects(copy(SHA256, null), check('physical_copy_checksum_check'));
      await assert.rejects(copy(null, 'md5'), check('physical_copy_checksum_check'));
      await assert.rejects(copy('abc', 'crc32'), check('physical_copy_checksum_algorithm_check'));
      await copy('abc', 'xxh64');
    });

    it('a raw data file always has a checksum and a known algorithm', async () => {
      const file = (checksum: string | null, algo: string | null) =>
        db.query(
          `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum,
                                      checksum_algorithm)
           values ($1, $2, 'f.fits', 1, $3, $4)`,
          [fx.executedId, fx.moduleId, checksum, algo],
        );
      await assert.rejects(file(null, 'sha256'), notNull('checksum'));
      await assert.rejects(file(SHA256, null), notNull('checksum_algorithm'));
      await assert.rejects(file('abc', 'crc32'), check('raw_data_file_checksum_algorithm_check'));
      await file('abc', 'adler32');
    });

    it('the ORM stores the algorithm beside the checksum', async () => {
      const em = await db.em();
      const name = uniq('dtp');
      em.create(DataTransferPackageSchema, {
        name,
        relativePath: 'x.tar',
        checksum: SHA256,
        checksumAlgorithm: ChecksumAlgorithm.SHA256,
      });
      await em.flush();
      const row = await one<{ checksum: string; checksum_algorithm: string }>(
        `select checksum, checksum_algorithm from data_transfer_package where name = $1`,
        [name],
      );
      assert.deepEqual(row, { checksum: SHA256, checksum_algorithm: 'sha256' });
    });
  });

  describe('timestamps', () => {
    it('created_at and updated_at are filled by the database when SQL omits them', async () => {
      // now() is the statement's transaction start, so a defaulted column equals it exactly.
      const row = await one(
        `insert into site (short_name, name) values ($1, 'x')
         returning created_at = now() as created_now, updated_at = now() as updated_now`,
        [uniq('site')],
      );
      assert.deepEqual(row, { created_now: true, updated_now: true });
      const transfer = await one<{ id: string }>(
        `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id)
         values ($1, $2, $3) returning id`,
        [await transferPackage(), fx.locA, fx.locB],
      );
      const log = await one(
        `insert into data_transfer_log (data_transfer_id, message) values ($1, 'x') returning created_at = now() as created_now`,
        [transfer.id],
      );
      assert.deepEqual(log, { created_now: true });
    });

    it('every table has created_at defaulting to now(), and mutable ones updated_at', async () => {
      const columns = await db.query<{
        table_name: string;
        column_name: string;
        is_nullable: string;
        column_default: string;
      }>(
        `select c.table_name, c.column_name, c.is_nullable, c.column_default
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
           and c.column_name in ('created_at', 'updated_at')`,
      );
      const tables = (
        await db.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
           and table_name <> 'mikro_orm_migrations'`,
        )
      ).map((r) => r.table_name);
      assert.ok(tables.length >= 25, `found ${tables.length} entity tables`);
      // Append-only tables and the link tables (a grant is added or removed, never changed).
      const appendOnly = [
        'data_transfer_log',
        'audit_finding',
        'user_role',
        'role_permission',
        'obs_unit_instrument_module_configuration',
        'chai_observation_module_configuration',
        'data_grouping_raw_data_package',
      ];
      for (const table of tables) {
        const expected = appendOnly.includes(table) ? ['created_at'] : ['created_at', 'updated_at'];
        for (const column of expected) {
          const col = columns.find((c) => c.table_name === table && c.column_name === column);
          assert.ok(col, `${table}.${column} exists`);
          assert.equal(col.is_nullable, 'NO', `${table}.${column} is not null`);
          assert.equal(col.column_default, 'now()', `${table}.${column} defaults to now()`);
        }
      }
    });

    it('the ORM fills both timestamps on create', async () => {
      const em = await db.em();
      const before = Date.now();
      const obs = em.create(ObservatorySchema, { name: uniq('obs') });
      await em.flush();
      const row = await one<{ created_at: Date; updated_at: Date }>(
        `select created_at, updated_at from observatory where id = $1`,
        [obs.id],
      );
      assert.ok(row.created_at.getTime() >= before - 1000);
      assert.ok(row.updated_at.getTime() >= before - 1000);
    });
  });
});
