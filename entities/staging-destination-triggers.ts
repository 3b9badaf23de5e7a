import type { TriggerDef } from '@mikro-orm/core';

export const PACKAGE_GOES_WHERE_ITS_JOB_GOES = 'staging_job_package_goes_where_its_job_goes';

/**
 * A staging job package's destination is its job's (repeated on the package only so that the
 * database can keep one active staging of a package per location: staging_job_package_active_unique).
 */
export const packageGoesWhereItsJobGoesTrigger: TriggerDef = {
  name: PACKAGE_GOES_WHERE_ITS_JOB_GOES,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${PACKAGE_GOES_WHERE_ITS_JOB_GOES}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  job_destination integer;
begin
  -- Share-locked, so that a concurrent change of the job's destination waits (or this for it).
  select destination_location_id into job_destination from staging_job where id = new.staging_job_id for share;
  -- An unknown job is the foreign key's to refuse.
  if found and job_destination <> new.destination_location_id then
    raise exception 'staging job % goes to %, so its package % goes there too, not to %', new.staging_job_id,
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = job_destination),
        (select name from raw_data_package where id = new.raw_data_package_id),
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id)
      using errcode = 'check_violation', constraint = '${PACKAGE_GOES_WHERE_ITS_JOB_GOES}',
            hint = 'give the package its job''s destination, or request a staging job to the other location (ccat-ops staging request)';
  end if;
  return new;
end;
$$;
create trigger "${PACKAGE_GOES_WHERE_ITS_JOB_GOES}" before insert or update of staging_job_id, destination_location_id
  on "staging_job_package" for each row execute function "${PACKAGE_GOES_WHERE_ITS_JOB_GOES}_fn"();`,
};

export const JOB_DESTINATION_KEPT_WITH_PACKAGES = 'staging_job_destination_kept_while_it_has_packages';

/** The other half: a staging job with packages keeps its destination. */
export const jobDestinationKeptTrigger: TriggerDef = {
  name: JOB_DESTINATION_KEPT_WITH_PACKAGES,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${JOB_DESTINATION_KEPT_WITH_PACKAGES}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from staging_job_package where staging_job_id = old.id) then
    raise exception 'staging job % has packages, so it keeps its destination %', old.id,
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = old.destination_location_id)
      using errcode = 'restrict_violation', constraint = '${JOB_DESTINATION_KEPT_WITH_PACKAGES}',
            hint = 'cancel the job (ccat-ops staging cancel) and request the packages for the other location (ccat-ops staging request)';
  end if;
  return new;
end;
$$;
create trigger "${JOB_DESTINATION_KEPT_WITH_PACKAGES}" before update of destination_location_id on "staging_job"
  for each row when (old.destination_location_id is distinct from new.destination_location_id)
  execute function "${JOB_DESTINATION_KEPT_WITH_PACKAGES}_fn"();`,
};
