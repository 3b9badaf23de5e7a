import { Migration } from '@mikro-orm/migrations';

export class Migration20261125132432_staging extends Migration {

  override name = 'Migration20261125132432_staging';

  override up(): void | Promise<void> {
    this.addSql(`alter table "staging_job" drop constraint "staging_job_status_check";`);
    this.addSql(`create index "staging_job_requested_by_created_at_index" on "staging_job" ("requested_by", "created_at");`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed', 'cancelled'));`);

    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_retry_count_check";`);
    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_status_check";`);
    // Reviewed: the destination is added nullable, filled from the job, then made not null, so
    // existing staging rows survive the migration.
    this.addSql(`alter table "staging_job_package" add "origin_location_id" int null, add "destination_location_id" int null, add "bytes_transferred" bigint not null default '0', add "started_at" timestamptz null, add "finished_at" timestamptz null;`);
    this.addSql(`update "staging_job_package" p set "destination_location_id" = j."destination_location_id" from "staging_job" j where j."id" = p."staging_job_id";`);
    this.addSql(`alter table "staging_job_package" alter column "destination_location_id" set not null;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_origin_location_id_foreign" foreign key ("origin_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_destination_location_id_foreign" foreign key ("destination_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`create unique index "staging_job_package_active_unique" on "staging_job_package" ("raw_data_package_id", "destination_location_id") where status in ('pending', 'scheduled', 'in_progress');`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_counts_check" check (retry_count >= 0 and bytes_transferred >= 0);`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed', 'cancelled'));`);

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
    this.addSql(`create trigger "deletion_guard" BEFORE UPDATE OR DELETE on "physical_copy" for each ROW execute function "physical_copy_deletion_guard_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_origin_location_id_foreign";`);
    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_destination_location_id_foreign";`);

    this.addSql(`drop trigger if exists "deletion_guard" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_deletion_guard_fn"();`);

    this.addSql(`drop index "staging_job_requested_by_created_at_index";`);
    this.addSql(`alter table "staging_job" drop constraint "staging_job_status_check";`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`drop index "staging_job_package_active_unique";`);
    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_counts_check";`);
    this.addSql(`alter table "staging_job_package" drop constraint "staging_job_package_status_check";`);
    this.addSql(`alter table "staging_job_package" drop column "origin_location_id", drop column "destination_location_id", drop column "bytes_transferred", drop column "started_at", drop column "finished_at";`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_retry_count_check" check (retry_count >= 0);`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);
  }

}
