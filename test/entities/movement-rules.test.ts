import assert from 'node:assert/strict';
import { MOVEMENT_RULES } from '../../src/db/data-rules/movement-rules.js';
import { loadOpsFixture } from '../helpers/ops-fixture.js';
import { race as raceWriters } from '../helpers/race.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * The movement rules of DESIGN §6 as PostgreSQL enforces them for every writer: each forbidden
 * state is written with plain SQL over the test's own connection (as the Python services or the
 * web UI would) and must be refused by the constraint or trigger named after the rule.
 */
describe('movement rules in the database (DESIGN §6)', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const loc: Record<string, number> = {};

  const check = (constraint: string) => ({ code: '23514', constraint });
  const refused = (sql: string, constraint: string, message?: RegExp) =>
    assert.rejects(db.query(sql), (err: { code?: string; constraint?: string; message: string }) => {
      assert.deepEqual({ code: err.code, constraint: err.constraint }, check(constraint), err.message);
      if (message) assert.match(err.message, message);
      return true;
    });
  const transfer = (
    status: string,
    times: string,
    route = 'ccat_to_cologne',
    from = 'ccat/buffer',
    to = 'cologne/buffer',
  ) =>
    `insert into data_transfer (data_transfer_package_id, origin_location_id, destination_location_id, route_id, status, ${times ? 'started_at, finished_at' : 'started_at'})
     values ((select id from data_transfer_package where name = 'B3'), ${loc[from]}, ${loc[to]},
             (select id from data_transfer_route where name = '${route}'), '${status}', ${times || 'null'}) returning id`;

  before(async () => {
    await loadOpsFixture(db);
    for (const r of await db.query<{ id: number; key: string }>(
      `select l.id, s.short_name || '/' || l.name as key from data_location l join site s on s.id = l.site_id`,
    ))
      loc[r.key] = r.id;
  });

  describe('transfers, archive transfers, staging jobs: started_at and finished_at follow the status', () => {
    it('refuses a completed or failed transfer without finished_at, on insert and on update', async () => {
      await refused(
        transfer('completed', "now() - interval '1 hour', null"),
        'data_transfer_completed_or_failed_has_finished_at',
      );
      await refused(
        `update data_transfer set status = 'failed' where id = 5`,
        'data_transfer_completed_or_failed_has_finished_at',
      );
    });

    it('refuses a transfer in progress without started_at', async () => {
      await refused(transfer('in_progress', ''), 'data_transfer_in_progress_has_started_at');
      await refused(
        `update data_transfer set started_at = null where id = 5`,
        'data_transfer_in_progress_has_started_at',
      );
    });

    it('refuses a transfer that finished before it started', async () => {
      await refused(
        transfer('completed', "now(), now() - interval '1 hour'"),
        'data_transfer_finished_at_not_before_started_at',
      );
    });

    it('accepts the lawful life of a transfer, with a retry that leaves the last finished_at behind', async () => {
      const [{ id }] = await db.query<{ id: number }>(transfer('pending', ''));
      const step = (set: string) => db.query(`update data_transfer set ${set} where id = $1`, [id]);
      await step(`status = 'scheduled'`);
      await step(`status = 'in_progress', started_at = now() - interval '2 hours'`);
      await step(`status = 'failed', finished_at = now() - interval '1 hour', retry_count = 1`);
      await step(`status = 'pending'`);
      await step(`status = 'in_progress', started_at = now()`);
      await step(`status = 'completed', finished_at = now()`);
      const [t] = await db.query(`select status from data_transfer where id = $1`, [id]);
      assert.equal(t.status, 'completed');
    });

    it('holds the same rules for archive transfers', async () => {
      await refused(
        `update long_term_archive_transfer set status = 'completed' where id = 4`,
        'long_term_archive_transfer_completed_or_failed_has_finished_at',
      );
      await refused(
        `update long_term_archive_transfer set status = 'in_progress' where id = 4`,
        'long_term_archive_transfer_in_progress_has_started_at',
      );
      await refused(
        `update long_term_archive_transfer set started_at = finished_at + interval '1 minute' where id = 1`,
        'long_term_archive_transfer_finished_at_not_before_started_at',
      );
      await db.query(`update long_term_archive_transfer set status = 'in_progress', started_at = now() where id = 4`);
      await db.query(`update long_term_archive_transfer set status = 'pending', started_at = null where id = 4`);
    });

    it('holds the same rules for staging jobs and each of their packages; cancelled needs no times', async () => {
      const [job] = await db.query<{ id: number }>(
        `insert into staging_job (destination_location_id, requested_by) values (${loc['ramses/processing']}, 'test') returning id`,
      );
      await db.query(
        `insert into staging_job_package (staging_job_id, raw_data_package_id, origin_location_id, destination_location_id)
         values (${job.id}, (select id from raw_data_package where name = 'P1'), ${loc['cologne/lta']}, ${loc['ramses/processing']})`,
      );
      await refused(
        `update staging_job set status = 'in_progress' where id = ${job.id}`,
        'staging_job_in_progress_has_started_at',
      );
      await refused(
        `update staging_job set status = 'failed', started_at = now() where id = ${job.id}`,
        'staging_job_completed_or_failed_has_finished_at',
      );
      await refused(
        `update staging_job set status = 'completed', started_at = now(), finished_at = now() - interval '1 day' where id = ${job.id}`,
        'staging_job_finished_at_not_before_started_at',
      );
      await refused(
        `update staging_job_package set status = 'in_progress' where staging_job_id = ${job.id}`,
        'staging_job_package_in_progress_has_started_at',
      );
      await refused(
        `update staging_job_package set status = 'completed', started_at = now() where staging_job_id = ${job.id}`,
        'staging_job_package_completed_or_failed_has_finished_at',
      );
      await refused(
        `update staging_job_package set status = 'failed', started_at = now(), finished_at = now() - interval '1 hour' where staging_job_id = ${job.id}`,
        'staging_job_package_finished_at_not_before_started_at',
      );
      await db.query(`update staging_job_package set status = 'cancelled' where staging_job_id = ${job.id}`);
      await db.query(`update staging_job set status = 'cancelled' where id = ${job.id}`);
    });
  });

  describe('destinations', () => {
    it('refuses an archive transfer to a location that is not a long-term archive, saying where it went', async () => {
      await refused(
        `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id)
         values ((select id from raw_data_package where name = 'P4'), ${loc['ccat/buffer']}, ${loc['cologne/buffer']})`,
        'long_term_archive_transfer_destination_is_lta',
        /archive transfer \d+ goes to cologne\/buffer, a buffer location: its destination must be a long_term_archive location/,
      );
      await refused(
        `update long_term_archive_transfer set destination_location_id = ${loc['us/buffer']} where id = 4`,
        'long_term_archive_transfer_destination_is_lta',
      );
      await db.query(`update long_term_archive_transfer set destination_location_id = ${loc['us/lta']} where id = 4`);
      await db.query(
        `update long_term_archive_transfer set destination_location_id = ${loc['cologne/lta']} where id = 4`,
      );
    });

    it('refuses a staging job, or one of its packages, into ccat/buffer', async () => {
      await refused(
        `insert into staging_job (destination_location_id, requested_by) values (${loc['ccat/buffer']}, 'test')`,
        'staging_job_destination_is_processing',
        /staging job \d+ goes to ccat\/buffer, a buffer location: its destination must be a processing location/,
      );
      const [job] = await db.query<{ id: number }>(
        `insert into staging_job (destination_location_id, requested_by) values (${loc['ramses/processing']}, 'test') returning id`,
      );
      await refused(
        `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id)
         values (${job.id}, (select id from raw_data_package where name = 'P2'), ${loc['ccat/buffer']})`,
        'staging_job_package_destination_is_processing',
      );
      await refused(
        `update staging_job set destination_location_id = ${loc['us/lta']} where id = ${job.id}`,
        'staging_job_destination_is_processing',
      );
    });

    it('sends a staging job package where its job goes, and keeps the destination of a job with packages', async () => {
      const [other] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'cologne'), 'processing', 'processing', 'disk', '/processing') returning id`,
      );
      const [job] = await db.query<{ id: number }>(
        `insert into staging_job (destination_location_id, requested_by) values (${loc['ramses/processing']}, 'test') returning id`,
      );
      await refused(
        `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id)
         values (${job.id}, (select id from raw_data_package where name = 'P2'), ${other.id})`,
        'staging_job_package_goes_where_its_job_goes',
        /^staging job \d+ goes to ramses\/processing, so its package P2 goes there too, not to cologne\/processing$/,
      );
      // An empty job may still change its destination; one with packages keeps it, and its packages keep theirs.
      await db.query(`update staging_job set destination_location_id = ${other.id} where id = ${job.id}`);
      await db.query(
        `update staging_job set destination_location_id = ${loc['ramses/processing']} where id = ${job.id}`,
      );
      await db.query(
        `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id)
         values (${job.id}, (select id from raw_data_package where name = 'P2'), ${loc['ramses/processing']})`,
      );
      await assert.rejects(
        db.query(`update staging_job set destination_location_id = ${other.id} where id = ${job.id}`),
        {
          code: '23001',
          constraint: 'staging_job_destination_kept_while_it_has_packages',
          message: `staging job ${job.id} has packages, so it keeps its destination ramses/processing`,
        },
      );
      await refused(
        `update staging_job_package set destination_location_id = ${other.id} where staging_job_id = ${job.id}`,
        'staging_job_package_goes_where_its_job_goes',
      );
      await db.query(`update staging_job set status = 'cancelled', reason = 'test' where id = ${job.id}`);
      await db.query(`delete from staging_job where id = ${job.id}`);
      await db.query(`delete from data_location where id = ${other.id}`);
    });

    it('keeps the type of a location archive transfers or staging jobs go to; an unused one may change', async () => {
      await assert.rejects(
        db.query(`update data_location set location_type = 'buffer' where id = ${loc['cologne/lta']}`),
        (err: { code?: string; constraint?: string; message: string; hint?: string }) => {
          assert.equal(err.code, '23001');
          assert.equal(err.constraint, 'data_location_type_kept_while_in_use');
          assert.match(
            err.message,
            /location cologne\/lta is the destination of archive transfers and stays a long_term_archive location/,
          );
          assert.match(err.hint ?? '', /location add/);
          return true;
        },
      );
      await assert.rejects(
        db.query(`update data_location set location_type = 'buffer' where id = ${loc['ramses/processing']}`),
        { code: '23001', constraint: 'data_location_type_kept_while_in_use' },
      );
      await db.query(`update data_location set location_type = 'long_term_archive' where id = ${loc['us/buffer']}`);
      await db.query(`update data_location set location_type = 'buffer' where id = ${loc['us/buffer']}`);
      await db.query(`update data_location set active = false where id = ${loc['cologne/lta']}`);
      await db.query(`update data_location set active = true where id = ${loc['cologne/lta']}`);
    });
  });

  describe('locations', () => {
    const typeKept =
      (message: RegExp, hint?: RegExp) =>
      (err: { code?: string; constraint?: string; message: string; hint?: string }) => {
        assert.deepEqual([err.code, err.constraint], ['23001', 'data_location_type_kept_while_in_use'], err.message);
        assert.match(err.message, message);
        if (hint) assert.match(err.hint ?? '', hint);
        return true;
      };

    it('keeps the type of a location that holds live copies, so their deletion policy stays; deleted copies do not count', async () => {
      await assert.rejects(
        db.query(`update data_location set location_type = 'processing' where id = ${loc['cologne/buffer']}`),
        typeKept(
          /^location cologne\/buffer holds live physical copies and stays a buffer location$/,
          /^its type decides when its copies may be deleted: copy the data to a location of the new type \(new copies there; a copy does not move\) and delete these, first \(ccat-ops copy list --location cologne\/buffer\)$/,
        ),
      );
      // The attack: a file at SOURCE that no package holds, its location relabelled so it may be deleted.
      const [late] = await db.query<{ id: string }>(
        `insert into raw_data_file (executed_obs_unit_id, instrument_module_id, relative_path, size_bytes, checksum, checksum_algorithm)
         select executed_obs_unit_id, instrument_module_id, 'raw/late.fits', 1, 'l', 'md5' from raw_data_package where name = 'P1'
         returning id`,
      );
      const [copy] = await db.query<{ id: string }>(
        `insert into physical_copy (copy_type, raw_data_file_id, data_location_id) values ('raw_data_file', $1, $2) returning id`,
        [late.id, loc['ccat/telescope_computer']],
      );
      await assert.rejects(
        db.query(`update data_location set location_type = 'processing' where id = ${loc['ccat/telescope_computer']}`),
        typeKept(/^location ccat\/telescope_computer holds live physical copies and stays a source location$/),
      );
      await assert.rejects(
        db.query(`update physical_copy set status = 'deletion_scheduled' where id = $1`, [copy.id]),
        { code: '23001', constraint: 'physical_copy_source_kept_until_archived' },
      );
      // Deleted copies (and none at all) leave the type free.
      const [spare] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'us'), 'scratch', 'buffer', 'disk', '/scratch') returning id`,
      );
      await db.query(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id, status, deleted_at)
         select 'data_transfer_package', id, $1, 'deleted', now() from data_transfer_package where name = 'B1'`,
        [spare.id],
      );
      await db.query(`update data_location set location_type = 'processing' where id = $1`, [spare.id]);
      await db.query(`update physical_copy set status = 'present', deleted_at = null where data_location_id = $1`, [
        spare.id,
      ]);
      await assert.rejects(
        db.query(`update data_location set location_type = 'buffer' where id = $1`, [spare.id]),
        typeKept(/^location us\/scratch holds live physical copies and stays a processing location$/),
      );
    });

    it('keeps the site of a location anything names; an unused one may move', async () => {
      await assert.rejects(
        db.query(
          `update data_location set site_id = (select id from site where short_name = 'us') where id = ${loc['cologne/lta']}`,
        ),
        (err: { code?: string; constraint?: string; message: string; hint?: string }) => {
          assert.equal(err.code, '23001');
          assert.equal(err.constraint, 'data_location_site_kept_while_in_use');
          assert.match(err.message, /^location cologne\/lta is named by physical copies and stays at site cologne$/);
          assert.match(err.hint ?? '', /location add/);
          return true;
        },
      );
      const [spare] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'us'), 'spare', 'buffer', 'disk', '/spare') returning id`,
      );
      await db.query(
        `update data_location set site_id = (select id from site where short_name = 'cologne') where id = ${spare.id}`,
      );
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method, origin_location_id, destination_location_id)
         values ('spare_to_us_lta', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'),
                 'custom', 'rsync', ${spare.id}, ${loc['us/lta']})`,
      );
      await assert.rejects(
        db.query(
          `update data_location set site_id = (select id from site where short_name = 'ccat') where id = ${spare.id}`,
        ),
        { code: '23001', constraint: 'data_location_site_kept_while_in_use', message: /named by routes/ },
      );
      await db.query(`update data_location set name = 'spare2', active = false where id = ${spare.id}`);
      await db.query(`delete from data_transfer_route where name = 'spare_to_us_lta'`);
      await db.query(`delete from data_location where id = ${spare.id}`);
    });
  });

  describe('routes', () => {
    it('refuses a transfer on ccat_to_cologne arriving at us/lta, on insert and on update', async () => {
      await refused(
        transfer('pending', '', 'ccat_to_cologne', 'ccat/buffer', 'us/lta'),
        'data_transfer_follows_route',
        /transfer \d+ on route ccat_to_cologne goes from ccat\/buffer to us\/lta, but the route goes from site ccat to site cologne/,
      );
      await refused(
        `update data_transfer set destination_location_id = ${loc['us/lta']} where id = 1`,
        'data_transfer_follows_route',
      );
      await refused(
        `update data_transfer set route_id = (select id from data_transfer_route where name = 'cologne_to_us') where id = 1`,
        'data_transfer_follows_route',
      );
      // A transfer on no route may go anywhere.
      await db.query(transfer('pending', '', 'no such route', 'ccat/buffer', 'us/lta'));
    });

    it('refuses a custom route without its locations', async () => {
      await refused(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method)
         values ('custom_without', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'), 'custom', 'rsync')`,
        'data_transfer_route_custom_names_locations',
      );
      // On a route no transfer went by (one that has transfers keeps its type: the next case).
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method)
         values ('to_become_custom', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'), 'direct', 'rsync')`,
      );
      await refused(
        `update data_transfer_route set route_type = 'custom' where name = 'to_become_custom'`,
        'data_transfer_route_custom_names_locations',
      );
    });

    it('keeps a transfer on a custom route between its locations, and lets a relay leg end or start at the relay', async () => {
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method, origin_location_id, destination_location_id)
         values ('cologne_lta_to_us_lta', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'),
                 'custom', 'rsync', ${loc['cologne/lta']}, ${loc['us/lta']}),
                ('ccat_via_cologne_to_us', (select id from site where short_name = 'ccat'), (select id from site where short_name = 'us'),
                 'direct', 'bbcp', null, null)`,
      );
      await db.query(
        `update data_transfer_route set route_type = 'relay', relay_site_id = (select id from site where short_name = 'cologne')
          where name = 'ccat_via_cologne_to_us'`,
      );
      await refused(
        transfer('pending', '', 'cologne_lta_to_us_lta', 'cologne/buffer', 'us/lta'),
        'data_transfer_follows_route',
        /on custom route cologne_lta_to_us_lta goes from cologne\/buffer to us\/lta, but the route goes from cologne\/lta to us\/lta/,
      );
      await db.query(transfer('pending', '', 'cologne_lta_to_us_lta', 'cologne/lta', 'us/lta'));
      await db.query(transfer('pending', '', 'ccat_via_cologne_to_us', 'ccat/buffer', 'cologne/buffer'));
      await db.query(transfer('pending', '', 'ccat_via_cologne_to_us', 'cologne/buffer', 'us/buffer'));
      await db.query(transfer('pending', '', 'ccat_via_cologne_to_us', 'ccat/buffer', 'us/buffer'));
      await refused(
        transfer('pending', '', 'ccat_via_cologne_to_us', 'ccat/buffer', 'ramses/processing'),
        'data_transfer_follows_route',
      );
    });
    it("keeps a route's locations at its sites, on insert and on update", async () => {
      await refused(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method, origin_location_id, destination_location_id)
         values ('lta_to_lta', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'),
                 'custom', 'rsync', ${loc['us/lta']}, ${loc['us/buffer']})`,
        'data_transfer_route_locations_at_its_sites',
        /route lta_to_lta: its origin location us\/lta is not at its origin site cologne/,
      );
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method, origin_location_id, destination_location_id)
         values ('lta_to_lta', (select id from site where short_name = 'cologne'), (select id from site where short_name = 'us'),
                 'custom', 'rsync', ${loc['cologne/lta']}, ${loc['us/lta']})`,
      );
      await refused(
        `update data_transfer_route set destination_location_id = ${loc['cologne/buffer']} where name = 'lta_to_lta'`,
        'data_transfer_route_locations_at_its_sites',
        /its destination location cologne\/buffer is not at its destination site us/,
      );
      await refused(
        `update data_transfer_route set origin_site_id = (select id from site where short_name = 'ccat') where name = 'lta_to_lta'`,
        'data_transfer_route_locations_at_its_sites',
      );
    });

    it('keeps the sites, type and locations of a route that has transfers; its name, method and active flag may change', async () => {
      const route = async () =>
        (
          await db.query<{ n: string }>(
            `select count(*) as n from data_transfer t join data_transfer_route r on r.id = t.route_id where r.name = 'ccat_to_cologne'`,
          )
        )[0].n;
      assert.notEqual(await route(), '0', 'the fixture has transfers on ccat_to_cologne');
      for (const change of [
        `destination_site_id = (select id from site where short_name = 'us')`,
        `route_type = 'relay', relay_site_id = (select id from site where short_name = 'us')`,
        `origin_site_id = (select id from site where short_name = 'us')`,
      ]) {
        await assert.rejects(db.query(`update data_transfer_route set ${change} where name = 'ccat_to_cologne'`), {
          code: '23001',
          constraint: 'data_transfer_route_ends_fixed_once_used',
          message: 'route ccat_to_cologne has transfers, so its sites, type and locations stay as they are',
        });
      }
      await db.query(
        `update data_transfer_route set name = 'ccat_to_cologne_old', method = 'rsync', active = false where name = 'ccat_to_cologne'`,
      );
      await db.query(
        `update data_transfer_route set name = 'ccat_to_cologne', method = 'bbcp', active = true,
                origin_site_id = origin_site_id where name = 'ccat_to_cologne_old'`,
      );
      // A route no transfer went by may still change its path.
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method)
         values ('unused', (select id from site where short_name = 'ccat'), (select id from site where short_name = 'cologne'), 'direct', 'bbcp')`,
      );
      await db.query(
        `update data_transfer_route set destination_site_id = (select id from site where short_name = 'us') where name = 'unused'`,
      );
    });
  });

  describe('concurrent writers', () => {
    const race = (change: string, write: string) => raceWriters(db.url, change, write);

    it('a transfer started while its route changes waits for the change and is checked against the new path', async () => {
      await db.query(
        `insert into data_transfer_route (name, origin_site_id, destination_site_id, route_type, method)
         values ('racing', (select id from site where short_name = 'ccat'), (select id from site where short_name = 'cologne'), 'direct', 'bbcp')`,
      );
      const err = await race(
        `update data_transfer_route set destination_site_id = (select id from site where short_name = 'us') where name = 'racing'`,
        transfer('pending', '', 'racing', 'ccat/buffer', 'cologne/buffer'),
      );
      assert.deepEqual(
        { code: (err as { code?: string })?.code, constraint: (err as { constraint?: string })?.constraint },
        check('data_transfer_follows_route'),
      );
    });

    it('a location whose first copy is being added keeps its type: the change waits for the copy and is refused', async () => {
      const [empty] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'us'), 'ingest', 'source', 'disk', '/ingest') returning id`,
      );
      const err = await race(
        `insert into physical_copy (copy_type, data_transfer_package_id, data_location_id)
         select 'data_transfer_package', id, ${empty.id} from data_transfer_package where name = 'B3'`,
        `update data_location set location_type = 'processing' where id = ${empty.id}`,
      );
      assert.deepEqual(
        { code: (err as { code?: string })?.code, constraint: (err as { constraint?: string })?.constraint },
        { code: '23001', constraint: 'data_location_type_kept_while_in_use' },
      );
    });

    it('an archive transfer started while its destination changes type waits and is checked against the new type', async () => {
      const [lta] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'us'), 'lta2', 'long_term_archive', 'disk', '/lta2') returning id`,
      );
      const err = await race(
        `update data_location set location_type = 'buffer' where id = ${lta.id}`,
        `insert into long_term_archive_transfer (raw_data_package_id, origin_location_id, destination_location_id)
         select id, ${loc['cologne/buffer']}, ${lta.id} from raw_data_package where name = 'P3'`,
      );
      assert.deepEqual(
        { code: (err as { code?: string })?.code, constraint: (err as { constraint?: string })?.constraint },
        check('long_term_archive_transfer_destination_is_lta'),
      );
    });

    it('a staging package added while its job changes destination waits and is checked against the new one', async () => {
      const [other] = await db.query<{ id: number }>(
        `insert into data_location (site_id, name, location_type, storage_type, root_path)
         values ((select id from site where short_name = 'us'), 'processing', 'processing', 'disk', '/processing') returning id`,
      );
      const [job] = await db.query<{ id: number }>(
        `insert into staging_job (destination_location_id, requested_by) values (${loc['ramses/processing']}, 'test') returning id`,
      );
      const err = await race(
        `update staging_job set destination_location_id = ${other.id} where id = ${job.id}`,
        `insert into staging_job_package (staging_job_id, raw_data_package_id, destination_location_id)
         values (${job.id}, (select id from raw_data_package where name = 'P2'), ${loc['ramses/processing']})`,
      );
      assert.deepEqual(
        { code: (err as { code?: string })?.code, constraint: (err as { constraint?: string })?.constraint },
        check('staging_job_package_goes_where_its_job_goes'),
      );
      await db.query(`delete from staging_job where id = ${job.id}`);
    });
  });

  describe('packages', () => {
    it('refuses an archived package without archived_at; with it, archived is fine', async () => {
      await refused(
        `update raw_data_package set state = 'archived' where name = 'P3'`,
        'raw_data_package_archived_has_archived_at',
      );
      await refused(
        `update raw_data_package set archived_at = null where name = 'P1'`,
        'raw_data_package_archived_has_archived_at',
      );
      await db.query(`update raw_data_package set state = 'archived', archived_at = now() where name = 'P3'`);
      await db.query(`update raw_data_package set state = 'waiting', archived_at = null where name = 'P3'`);
    });
  });

  describe('updated_at', () => {
    it('is set by the database when an update leaves it alone, and kept when the update sets it', async () => {
      // Minutes since the last update, as the database sees it.
      const at = async () =>
        Number(
          (
            await db.query<{ age: string }>(
              `select round(extract(epoch from now() - updated_at) / 60) as age from data_transfer where id = 4`,
            )
          )[0].age,
        );
      // An explicit repair keeps the time it gives.
      await db.query(`update data_transfer set updated_at = now() - interval '8 hours' where id = 4`);
      assert.equal(await at(), 480);
      await db.query(`update data_transfer set status = 'scheduled' where id = 4`);
      assert.equal(await at(), 0, 'a plain status change gets a fresh updated_at');
      await db.query(
        `update data_transfer set status = 'pending', updated_at = now() - interval '8 hours' where id = 4`,
      );
      assert.equal(await at(), 480);
    });

    it('is maintained on every table that has one, by the one function with a pinned search_path', async () => {
      const missing = await db.query<{ table_name: string }>(
        `select c.table_name from information_schema.columns c
          where c.table_schema = 'public' and c.column_name = 'updated_at'
            and not exists (select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                             where t.tgrelid = ('public.' || quote_ident(c.table_name))::regclass
                               and t.tgname = 'updated_at_on_update' and p.proname = 'updated_at_on_update_fn')
          order by 1`,
      );
      assert.deepEqual(missing, []);
      const [fn] = await db.query<{ config: string[] }>(
        `select proconfig as config from pg_proc where proname = 'updated_at_on_update_fn'`,
      );
      assert.deepEqual(fn.config, ['search_path=pg_catalog, public']);
      const [site] = await db.query<{ fresh: boolean }>(
        `update site set description = 'changed by the web UI' where short_name = 'ramses'
         returning updated_at = now() as fresh`,
      );
      assert.equal(site.fresh, true);
    });
  });

  it('catalogue: every rule names a constraint or trigger that exists, and finds no violation in lawful data', async () => {
    for (const rule of MOVEMENT_RULES) {
      const [named] = await db.query<{ n: number }>(
        `select (select count(*) from pg_constraint where conname = $1) + (select count(*) from pg_trigger where tgname = $1) as n`,
        [rule.name],
      );
      assert.equal(Number(named.n), 1, rule.name);
      assert.deepEqual(await db.query(rule.violations), [], rule.name);
      if (rule.validate) assert.deepEqual(await db.query(rule.validate.pending), [{ pending: false }], rule.name);
    }
  });
});
