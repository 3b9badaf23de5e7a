import { validateConstraint, type DataRule } from './data-rule.js';

/** `SITE/NAME` of the location with id `column`, for the details below. */
const address = (column: string) =>
  `(select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = ${column})`;

interface TimedTable {
  table: string;
  /** What a row is, for people: "transfer". */
  what: string;
  /** The key column expression an operator recognises (aliased table `t`). */
  key: string;
  /** Extra FROM clause for the key (joins), if any. */
  from?: string;
  /** How to repair, when the stuck row is an ended one. */
  repair: string;
}

const TIMED: TimedTable[] = [
  {
    table: 'data_transfer',
    what: 'transfer',
    key: `'transfer ' || t.id`,
    repair: 'the data-transfer service that wrote it',
  },
  {
    table: 'long_term_archive_transfer',
    what: 'archive transfer',
    key: `'archive transfer ' || t.id || ' (' || p.name || ')'`,
    from: 'join raw_data_package p on p.id = t.raw_data_package_id',
    repair: 'the archive service that wrote it',
  },
  {
    table: 'staging_job',
    what: 'staging job',
    key: `'staging job ' || t.id`,
    repair: 'the stager that wrote it',
  },
  {
    table: 'staging_job_package',
    what: 'staging job package',
    key: `'staging job ' || t.staging_job_id || ' package ' || p.name`,
    from: 'join raw_data_package p on p.id = t.raw_data_package_id',
    repair: 'the stager that wrote it',
  },
];

/** The three time rules of every table with the status machine (entities/lifecycle-times.ts). */
function timeRules(t: TimedTable): DataRule[] {
  const select = (where: string, detail: string) =>
    `select ${t.key} as key, ${detail} as detail from "${t.table}" t ${t.from ?? ''} where ${where} order by t.id`;
  return [
    {
      name: `${t.table}_completed_or_failed_has_finished_at`,
      table: t.table,
      rule: `a completed or failed ${t.what} has finished_at`,
      fix: `set finished_at to when it ended (its last log or update), or ask ${t.repair}`,
      violations: select(
        `t.status in ('completed', 'failed') and t.finished_at is null`,
        `'status ' || t.status || ', finished_at null'`,
      ),
      validate: validateConstraint(t.table, `${t.table}_completed_or_failed_has_finished_at`),
    },
    {
      name: `${t.table}_in_progress_has_started_at`,
      table: t.table,
      rule: `a ${t.what} in progress has started_at`,
      fix: `set started_at to when it was picked up, or ask ${t.repair}`,
      violations: select(`t.status = 'in_progress' and t.started_at is null`, `'status in_progress, started_at null'`),
      validate: validateConstraint(t.table, `${t.table}_in_progress_has_started_at`),
    },
    {
      name: `${t.table}_finished_at_not_before_started_at`,
      table: t.table,
      rule: `a completed or failed ${t.what} did not finish before it started`,
      fix: 'correct started_at or finished_at from the logs',
      violations: select(
        `t.status in ('completed', 'failed') and t.finished_at < t.started_at`,
        `'started_at ' || to_char(t.started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ', finished_at ' || to_char(t.finished_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' (UTC)'`,
      ),
      validate: validateConstraint(t.table, `${t.table}_finished_at_not_before_started_at`),
    },
  ];
}

/** The rules about transfers, archive transfers, staging jobs, routes and packages. */
export const MOVEMENT_RULES: DataRule[] = [
  ...TIMED.flatMap(timeRules),
  {
    name: 'long_term_archive_transfer_destination_is_lta',
    table: 'long_term_archive_transfer',
    rule: "an archive transfer's destination is a long_term_archive location",
    fix: 'point the archive transfer at a long-term archive location, or delete it if it never ran',
    violations: `select 'archive transfer ' || t.id || ' (' || p.name || ')' as key,
                        'destination ' || ${address('t.destination_location_id')} || ' is a ' || l.location_type || ' location' as detail
                   from long_term_archive_transfer t
                   join raw_data_package p on p.id = t.raw_data_package_id
                   join data_location l on l.id = t.destination_location_id
                  where l.location_type <> 'long_term_archive' order by t.id`,
  },
  {
    name: 'staging_job_destination_is_processing',
    table: 'staging_job',
    rule: "a staging job's destination is a processing location",
    fix: 'cancel the staging job (ccat-ops staging cancel) and request it again for a processing location',
    violations: `select 'staging job ' || t.id as key,
                        'destination ' || ${address('t.destination_location_id')} || ' is a ' || l.location_type || ' location' as detail
                   from staging_job t join data_location l on l.id = t.destination_location_id
                  where l.location_type <> 'processing' order by t.id`,
  },
  {
    name: 'staging_job_package_destination_is_processing',
    table: 'staging_job_package',
    rule: "a staging job package's destination is a processing location",
    fix: 'cancel the staging job (ccat-ops staging cancel) and request it again for a processing location',
    violations: `select 'staging job ' || t.staging_job_id || ' package ' || p.name as key,
                        'destination ' || ${address('t.destination_location_id')} || ' is a ' || l.location_type || ' location' as detail
                   from staging_job_package t
                   join raw_data_package p on p.id = t.raw_data_package_id
                   join data_location l on l.id = t.destination_location_id
                  where l.location_type <> 'processing' order by t.id`,
  },
  {
    name: 'staging_job_package_goes_where_its_job_goes',
    table: 'staging_job_package',
    rule: "a staging job package's destination is its job's",
    fix: 'set the package’s destination to its job’s, or cancel the job (ccat-ops staging cancel) and request it again',
    violations: `select 'staging job ' || t.staging_job_id || ' package ' || p.name as key,
                        'destination ' || ${address('t.destination_location_id')} || ', the job''s ' || ${address('j.destination_location_id')} as detail
                   from staging_job_package t
                   join staging_job j on j.id = t.staging_job_id
                   join raw_data_package p on p.id = t.raw_data_package_id
                  where t.destination_location_id <> j.destination_location_id order by t.id`,
  },
  {
    name: 'data_transfer_follows_route',
    table: 'data_transfer',
    rule: "a transfer on a route goes between the route's sites (and its locations, for a custom route)",
    fix: 'correct the transfer’s route (or clear it) or its locations, as the transfer really went',
    violations: `select 'transfer ' || t.id as key,
                        'on route ' || r.name || ' (' || os.short_name || ' to ' || ds.short_name || ') but goes from '
                          || ${address('t.origin_location_id')} || ' to ' || ${address('t.destination_location_id')} as detail
                   from data_transfer t
                   join data_transfer_route r on r.id = t.route_id
                   join site os on os.id = r.origin_site_id
                   join site ds on ds.id = r.destination_site_id
                   join data_location ol on ol.id = t.origin_location_id
                   join data_location dl on dl.id = t.destination_location_id
                  where not coalesce((ol.site_id = r.origin_site_id and dl.site_id = r.destination_site_id)
                                     or (r.route_type = 'relay'
                                         and ((ol.site_id = r.origin_site_id and dl.site_id = r.relay_site_id)
                                              or (ol.site_id = r.relay_site_id and dl.site_id = r.destination_site_id))), false)
                     or (r.route_type = 'custom'
                         and (t.origin_location_id <> r.origin_location_id or t.destination_location_id <> r.destination_location_id))
                  order by t.id`,
  },
  {
    name: 'data_transfer_route_custom_names_locations',
    table: 'data_transfer_route',
    rule: 'a custom route names its origin and destination locations',
    fix: 'give the route its locations (ccat-ops route update NAME --from-location ... --to-location ...), or another type',
    violations: `select r.name as key,
                        case when r.origin_location_id is null and r.destination_location_id is null then 'no origin or destination location'
                             when r.origin_location_id is null then 'no origin location' else 'no destination location' end as detail
                   from data_transfer_route r
                  where r.route_type = 'custom' and (r.origin_location_id is null or r.destination_location_id is null)
                  order by r.name`,
    validate: validateConstraint('data_transfer_route', 'data_transfer_route_custom_names_locations'),
  },
  {
    name: 'data_transfer_route_locations_at_its_sites',
    table: 'data_transfer_route',
    rule: "a route's origin and destination locations are at its origin and destination sites",
    fix: 'a route no transfer went by: ccat-ops route update NAME --from-location ... --to-location ...; one with transfers keeps its path: add a route with the right locations (ccat-ops route add) and set this one inactive',
    violations: `select r.name as key,
                        case when ol.site_id <> r.origin_site_id
                             then 'origin location ' || ${address('r.origin_location_id')} || ' is not at site ' || os.short_name
                             else 'destination location ' || ${address('r.destination_location_id')} || ' is not at site ' || ds.short_name end as detail
                   from data_transfer_route r
                   join site os on os.id = r.origin_site_id join site ds on ds.id = r.destination_site_id
                   left join data_location ol on ol.id = r.origin_location_id
                   left join data_location dl on dl.id = r.destination_location_id
                  where ol.site_id <> r.origin_site_id or dl.site_id <> r.destination_site_id
                  order by r.name`,
  },
  {
    name: 'raw_data_package_archived_has_archived_at',
    table: 'raw_data_package',
    rule: 'an archived package has archived_at',
    fix: 'set archived_at to when its archive transfer finished, or put the package back to the state it is really in',
    violations: `select p.name as key, 'state archived, archived_at null' as detail
                   from raw_data_package p where p.state = 'archived' and p.archived_at is null order by p.name`,
    validate: validateConstraint('raw_data_package', 'raw_data_package_archived_has_archived_at'),
  },
];
