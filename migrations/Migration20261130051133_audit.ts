import { Migration } from '@mikro-orm/migrations';

export class Migration20261130051133_audit extends Migration {

  override name = 'Migration20261130051133_audit';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_batch" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "run_id" bigint not null, "kind" text not null, "status" text not null default 'pending', "copy_ids" bigint[] null, "cursor" text null, "worker" varchar(255) null, "heartbeat_at" timestamptz null);`);
    this.addSql(`create index "audit_batch_run_id_status_index" on "audit_batch" ("run_id", "status");`);

    this.addSql(`create index "data_transfer_package_relative_path_index" on "data_transfer_package" ("relative_path");`);

    this.addSql(`alter table "audit_run" add "unknown_algorithm" bigint not null default '0', add "planned" bigint null, add "allocated" bigint not null default '0', add "allocated_all" boolean not null default false, add "stop_reason" text null;`);

    this.addSql(`create index "raw_data_package_relative_path_index" on "raw_data_package" ("relative_path");`);

    this.addSql(`create index "physical_copy_data_location_id_verified_at_id_index" on "physical_copy" ("data_location_id", "verified_at", "id");`);
    this.addSql(`create index "physical_copy_location_path_index" on "physical_copy" ("data_location_id", "relative_path") where relative_path is not null;`);

    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_kind_check";`);
    this.addSql(`alter table "audit_finding" add "last_run_id" bigint null, add "data_location_id" int not null, add "last_seen_at" timestamptz not null default now(), add "resolution" varchar(64) null;`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_last_run_id_foreign" foreign key ("last_run_id") references "audit_run" ("id") on delete set null;`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_data_location_id_foreign" foreign key ("data_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`create index "audit_finding_last_run_id_index" on "audit_finding" ("last_run_id");`);
    this.addSql(`create index "audit_finding_data_location_id_id_index" on "audit_finding" ("data_location_id", "id");`);
    this.addSql(`create unique index "audit_finding_open_copy_unique" on "audit_finding" ("physical_copy_id", "kind") where resolved_at is null and kind <> 'dark';`);
    this.addSql(`create unique index "audit_finding_open_dark_unique" on "audit_finding" ("data_location_id", "relative_path") where resolved_at is null and kind = 'dark';`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_kind_check" check ("kind" in ('missing', 'size_mismatch', 'checksum_mismatch', 'dark', 'unreadable', 'unknown_algorithm'));`);

    this.addSql(`alter table "audit_batch" add constraint "audit_batch_run_id_foreign" foreign key ("run_id") references "audit_run" ("id") on delete cascade;`);
    this.addSql(`alter table "audit_batch" add constraint "audit_batch_kind_check" check ("kind" in ('copies', 'dark'));`);
    this.addSql(`alter table "audit_batch" add constraint "audit_batch_status_check" check ("status" in ('pending', 'claimed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_batch" cascade;`);

    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_last_run_id_foreign";`);
    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_data_location_id_foreign";`);

    this.addSql(`drop index "audit_finding_last_run_id_index";`);
    this.addSql(`drop index "audit_finding_data_location_id_id_index";`);
    this.addSql(`drop index "audit_finding_open_copy_unique";`);
    this.addSql(`drop index "audit_finding_open_dark_unique";`);
    this.addSql(`alter table "audit_finding" drop constraint "audit_finding_kind_check";`);
    this.addSql(`alter table "audit_finding" drop column "last_run_id", drop column "data_location_id", drop column "last_seen_at", drop column "resolution";`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_kind_check" check ("kind" in ('missing', 'size_mismatch', 'checksum_mismatch', 'dark', 'unreadable'));`);

    this.addSql(`alter table "audit_run" drop column "unknown_algorithm", drop column "planned", drop column "allocated", drop column "allocated_all", drop column "stop_reason";`);

    this.addSql(`drop index "data_transfer_package_relative_path_index";`);

    this.addSql(`drop index "physical_copy_data_location_id_verified_at_id_index";`);
    this.addSql(`drop index "physical_copy_location_path_index";`);

    this.addSql(`drop index "raw_data_package_relative_path_index";`);
  }

}
