import { Migration } from '@mikro-orm/migrations';

export class Migration20261201222854_staging_guard_by_job extends Migration {

  override name = 'Migration20261201222854_staging_guard_by_job';

  override up(): void | Promise<void> {
    this.addSql(`drop trigger if exists "deletion_guard" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_deletion_guard_fn"();`);
    this.addSql(`create or replace function "physical_copy_needed_by_staging_guard_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  if (tg_op = 'DELETE'
      or (new.status is distinct from old.status
          and new.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
      or (new.deleted_at is not null and old.deleted_at is null))
    and exists (select 1 from staging_job_package s
                 where s.destination_location_id = old.data_location_id
                   and s.status in ('pending', 'scheduled', 'in_progress')
                   and s.raw_data_package_id = coalesce(old.raw_data_package_id,
                         (select f.raw_data_package_id from raw_data_file f where f.id = old.raw_data_file_id))) then
    raise exception 'physical copy % is needed by an active staging job and cannot be deleted', old.id
      using errcode = 'restrict_violation',
            hint = 'wait for the staging job to finish, or cancel it with ccat-ops staging cancel';   end if;   if tg_op = 'DELETE' then
    return old;   end if;   return new; end;\$\$;`);
    this.addSql(`create trigger "needed_by_staging_guard" before update or delete on "physical_copy"
  for each row execute function "physical_copy_needed_by_staging_guard_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "needed_by_staging_guard" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_needed_by_staging_guard_fn"();`);
    this.addSql(`create or replace function "physical_copy_deletion_guard_fn"() returns trigger as \$\$ begin if (tg_op = 'DELETE'
          or (new.status is distinct from old.status
              and new.status in ('deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted'))
          or (new.deleted_at is not null and old.deleted_at is null))
        and exists (select 1 from data_location l where l.id = old.data_location_id and l.location_type = 'processing')
        and exists (select 1 from staging_job_package s
                     where s.destination_location_id = old.data_location_id
                       and s.status in ('pending', 'scheduled', 'in_progress')
                       and s.raw_data_package_id = coalesce(old.raw_data_package_id,
                             (select f.raw_data_package_id from raw_data_file f where f.id = old.raw_data_file_id))) then
        raise exception 'physical copy % is needed by an active staging job and cannot be deleted', old.id
          using errcode = 'restrict_violation',
                hint = 'wait for the staging job to finish, or cancel it with ccat-ops staging cancel';       end if;       if tg_op = 'DELETE' then
        return old;       end if;       return new; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "deletion_guard" BEFORE DELETE OR UPDATE on "physical_copy" for each ROW execute function "physical_copy_deletion_guard_fn"();`);
  }

}
