import { Migration } from '@mikro-orm/migrations';

/**
 * A staging job package goes where its job goes, and a job with packages keeps its destination
 * (entities/staging-destination-triggers.ts). Written from the entities' trigger DDL: the generator
 * does not see new triggers.
 */
export class Migration20261207153236_staging_destination_rules extends Migration {

  override name = 'Migration20261207153236_staging_destination_rules';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "staging_job_package_goes_where_its_job_goes_fn"() returns trigger
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
      using errcode = 'check_violation', constraint = 'staging_job_package_goes_where_its_job_goes',
            hint = 'give the package its job''s destination, or request a staging job to the other location (ccat-ops staging request)';
  end if;
  return new;
end;
$$;
create trigger "staging_job_package_goes_where_its_job_goes" before insert or update of staging_job_id, destination_location_id
  on "staging_job_package" for each row execute function "staging_job_package_goes_where_its_job_goes_fn"();`);
    this.addSql(`create or replace function "staging_job_destination_kept_while_it_has_packages_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from staging_job_package where staging_job_id = old.id) then
    raise exception 'staging job % has packages, so it keeps its destination %', old.id,
        (select s.short_name || '/' || l.name from data_location l join site s on s.id = l.site_id where l.id = old.destination_location_id)
      using errcode = 'restrict_violation', constraint = 'staging_job_destination_kept_while_it_has_packages',
            hint = 'cancel the job (ccat-ops staging cancel) and request the packages for the other location (ccat-ops staging request)';
  end if;
  return new;
end;
$$;
create trigger "staging_job_destination_kept_while_it_has_packages" before update of destination_location_id on "staging_job"
  for each row when (old.destination_location_id is distinct from new.destination_location_id)
  execute function "staging_job_destination_kept_while_it_has_packages_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "staging_job_destination_kept_while_it_has_packages" on "staging_job";`);
    this.addSql(`drop function if exists "staging_job_destination_kept_while_it_has_packages_fn"();`);
    this.addSql(`drop trigger if exists "staging_job_package_goes_where_its_job_goes" on "staging_job_package";`);
    this.addSql(`drop function if exists "staging_job_package_goes_where_its_job_goes_fn"();`);
  }

}
