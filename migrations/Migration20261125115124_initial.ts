import { Migration } from '@mikro-orm/migrations';

export class Migration20261125115124_initial extends Migration {

  override name = 'Migration20261125115124_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "data_transfer_package" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "relative_path" text not null, "size_bytes" bigint null, "checksum" varchar(128) null, "checksum_algorithm" text null, "status" text not null default 'pending', "retry_count" int not null default 0);`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_name_unique" unique ("name");`);
    this.addSql(`create index "data_transfer_package_status_created_at_index" on "data_transfer_package" ("status", "created_at");`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_size_bytes_check" check (size_bytes >= 0);`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_retry_count_check" check (retry_count >= 0);`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_checksum_check" check ((checksum is null) = (checksum_algorithm is null));`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_checksum_algorithm_check" check ("checksum_algorithm" in ('sha256', 'md5', 'xxh64', 'adler32'));`);
    this.addSql(`alter table "data_transfer_package" add constraint "data_transfer_package_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`create table "observatory" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "description" text null);`);
    this.addSql(`alter table "observatory" add constraint "observatory_name_unique" unique ("name");`);

    this.addSql(`create table "observing_program" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "short_name" varchar(64) not null, "name" varchar(255) not null, "description" text null);`);
    this.addSql(`alter table "observing_program" add constraint "observing_program_short_name_unique" unique ("short_name");`);

    this.addSql(`create table "obs_mode" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "description" text null);`);
    this.addSql(`alter table "obs_mode" add constraint "obs_mode_name_unique" unique ("name");`);

    this.addSql(`create table "permission" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(128) not null, "description" text null);`);
    this.addSql(`alter table "permission" add constraint "permission_name_unique" unique ("name");`);
    this.addSql(`alter table "permission" add constraint "permission_name_check" check (name ~ '^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*\$');`);

    this.addSql(`create table "role" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(64) not null, "description" text null);`);
    this.addSql(`alter table "role" add constraint "role_name_unique" unique ("name");`);

    this.addSql(`create table "role_permission" ("role_id" int not null, "permission_id" int not null, "created_at" timestamptz not null default now(), primary key ("role_id", "permission_id"));`);

    this.addSql(`create table "site" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "short_name" varchar(64) not null, "name" varchar(255) not null, "description" text null);`);
    this.addSql(`alter table "site" add constraint "site_short_name_unique" unique ("short_name");`);

    this.addSql(`create table "data_location" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "site_id" int not null, "name" varchar(255) not null, "location_type" text not null, "storage_type" text not null, "active" boolean not null default true, "priority" int not null default 0, "host" varchar(255) null, "root_path" text null, "endpoint_url" text null, "bucket" varchar(255) null, "region" varchar(64) null, "credentials_env" varchar(255) null, "library" varchar(255) null);`);
    this.addSql(`create index "data_location_site_id_index" on "data_location" ("site_id");`);
    this.addSql(`create index "data_location_location_type_active_index" on "data_location" ("location_type", "active");`);
    this.addSql(`alter table "data_location" add constraint "data_location_site_id_name_unique" unique ("site_id", "name");`);
    this.addSql(`alter table "data_location" add constraint "data_location_disk_check" check (storage_type <> 'disk' or root_path is not null);`);
    this.addSql(`alter table "data_location" add constraint "data_location_s3_check" check (storage_type <> 's3' or bucket is not null);`);
    this.addSql(`alter table "data_location" add constraint "data_location_tape_check" check (storage_type <> 'tape' or library is not null);`);
    this.addSql(`alter table "data_location" add constraint "data_location_location_type_check" check ("location_type" in ('source', 'buffer', 'long_term_archive', 'processing'));`);
    this.addSql(`alter table "data_location" add constraint "data_location_storage_type_check" check ("storage_type" in ('disk', 's3', 'tape'));`);

    this.addSql(`create table "data_transfer_route" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "origin_site_id" int not null, "destination_site_id" int not null, "route_type" text not null default 'direct', "relay_site_id" int null, "origin_location_id" int null, "destination_location_id" int null, "method" text not null, "active" boolean not null default true);`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_name_unique" unique ("name");`);
    this.addSql(`create index "data_transfer_route_origin_site_id_index" on "data_transfer_route" ("origin_site_id");`);
    this.addSql(`create index "data_transfer_route_destination_site_id_index" on "data_transfer_route" ("destination_site_id");`);
    this.addSql(`create index "data_transfer_route_relay_site_id_index" on "data_transfer_route" ("relay_site_id");`);
    this.addSql(`create index "data_transfer_route_origin_location_id_index" on "data_transfer_route" ("origin_location_id");`);
    this.addSql(`create index "data_transfer_route_destination_location_id_index" on "data_transfer_route" ("destination_location_id");`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_sites_check" check (origin_site_id <> destination_site_id);`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_relay_check" check (route_type <> 'relay' or relay_site_id is not null);`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_route_type_check" check ("route_type" in ('direct', 'relay', 'custom'));`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_method_check" check ("method" in ('bbcp', 'rsync', 's3', 'cp'));`);

    this.addSql(`create table "data_transfer" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "data_transfer_package_id" int not null, "origin_location_id" int not null, "destination_location_id" int not null, "route_id" int null, "status" text not null default 'pending', "unpack_status" text not null default 'pending', "retry_count" int not null default 0, "unpack_retry_count" int not null default 0, "bytes_transferred" bigint not null default '0', "started_at" timestamptz null, "finished_at" timestamptz null, "error_message" text null);`);
    this.addSql(`create index "data_transfer_data_transfer_package_id_index" on "data_transfer" ("data_transfer_package_id");`);
    this.addSql(`create index "data_transfer_origin_location_id_index" on "data_transfer" ("origin_location_id");`);
    this.addSql(`create index "data_transfer_destination_location_id_index" on "data_transfer" ("destination_location_id");`);
    this.addSql(`create index "data_transfer_status_created_at_index" on "data_transfer" ("status", "created_at");`);
    this.addSql(`create index "data_transfer_unpack_status_created_at_index" on "data_transfer" ("unpack_status", "created_at");`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_locations_check" check (origin_location_id <> destination_location_id);`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_counts_check" check (retry_count >= 0 and unpack_retry_count >= 0 and bytes_transferred >= 0);`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_unpack_status_check" check ("unpack_status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`create table "data_transfer_log" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "data_transfer_id" bigint not null, "log_path" text null, "message" text not null);`);
    this.addSql(`create index "data_transfer_log_data_transfer_id_index" on "data_transfer_log" ("data_transfer_id");`);

    this.addSql(`create table "audit_run" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "data_location_id" int not null, "mode" text not null, "status" text not null default 'running', "host" varchar(255) null, "pid" int null, "heartbeat_at" timestamptz null, "params" jsonb not null default '{}', "checked" bigint not null default '0', "bytes" bigint not null default '0', "ok" bigint not null default '0', "missing" bigint not null default '0', "size_mismatch" bigint not null default '0', "checksum_mismatch" bigint not null default '0', "dark" bigint not null default '0', "unreadable" bigint not null default '0', "cursor" text null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null);`);
    this.addSql(`create index "audit_run_data_location_id_started_at_index" on "audit_run" ("data_location_id", "started_at");`);
    this.addSql(`create index "audit_run_status_heartbeat_at_index" on "audit_run" ("status", "heartbeat_at");`);
    this.addSql(`alter table "audit_run" add constraint "audit_run_mode_check" check ("mode" in ('exists', 'size', 'checksum'));`);
    this.addSql(`alter table "audit_run" add constraint "audit_run_status_check" check ("status" in ('running', 'completed', 'failed', 'aborted'));`);

    this.addSql(`create table "source" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "source_type" text not null, "ra_deg" double precision null, "dec_deg" double precision null, "ephemeris_name" varchar(255) null, "ra_min_deg" double precision null, "ra_max_deg" double precision null, "dec_min_deg" double precision null, "dec_max_deg" double precision null, "elevation_deg" double precision null);`);
    this.addSql(`alter table "source" add constraint "source_name_unique" unique ("name");`);
    this.addSql(`create index "source_source_type_index" on "source" ("source_type");`);
    this.addSql(`alter table "source" add constraint "source_ra_deg_check" check (ra_deg >= '0' and ra_deg < '360');`);
    this.addSql(`alter table "source" add constraint "source_dec_deg_check" check (dec_deg >= '-90' and dec_deg <= '90');`);
    this.addSql(`alter table "source" add constraint "source_ra_range_check" check (ra_min_deg >= '0' and ra_min_deg < '360' and ra_max_deg >= '0' and ra_max_deg < '360');`);
    this.addSql(`alter table "source" add constraint "source_dec_range_check" check (dec_min_deg >= '-90' and dec_min_deg <= '90' and dec_max_deg >= '-90' and dec_max_deg <= '90' and dec_min_deg <= dec_max_deg);`);
    this.addSql(`alter table "source" add constraint "source_elevation_deg_check" check (elevation_deg >= '0' and elevation_deg <= '90');`);
    this.addSql(`alter table "source" add constraint "source_fixed_check" check ((source_type = 'fixed') = (ra_deg is not null and dec_deg is not null) and (source_type = 'fixed' or (ra_deg is null and dec_deg is null)));`);
    this.addSql(`alter table "source" add constraint "source_solar_system_check" check ((source_type = 'solar_system') = (ephemeris_name is not null));`);
    this.addSql(`alter table "source" add constraint "source_constant_elevation_check" check ((source_type = 'constant_elevation') = (ra_min_deg is not null and ra_max_deg is not null and dec_min_deg is not null and dec_max_deg is not null and elevation_deg is not null) and (source_type = 'constant_elevation' or (ra_min_deg is null and ra_max_deg is null and dec_min_deg is null and dec_max_deg is null and elevation_deg is null)));`);
    this.addSql(`alter table "source" add constraint "source_source_type_check" check ("source_type" in ('fixed', 'solar_system', 'constant_elevation'));`);

    this.addSql(`create table "staging_job" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "origin_location_id" int null, "destination_location_id" int not null, "status" text not null default 'pending', "requested_by" varchar(255) not null, "reason" text null, "priority" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "error_message" text null);`);
    this.addSql(`create index "staging_job_origin_location_id_index" on "staging_job" ("origin_location_id");`);
    this.addSql(`create index "staging_job_destination_location_id_index" on "staging_job" ("destination_location_id");`);
    this.addSql(`create index "staging_job_status_created_at_index" on "staging_job" ("status", "created_at");`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`create table "sub_observing_program" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "observing_program_id" int not null, "short_name" varchar(64) not null, "name" varchar(255) not null);`);
    this.addSql(`create index "sub_observing_program_observing_program_id_index" on "sub_observing_program" ("observing_program_id");`);
    this.addSql(`alter table "sub_observing_program" add constraint "sub_observing_program_observing_program_id_short_name_unique" unique ("observing_program_id", "short_name");`);

    this.addSql(`create table "obs_unit" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "observing_program_id" int not null, "sub_observing_program_id" int null, "source_id" int not null, "obs_mode_id" int not null, "line_id" varchar(64) null, "priority" int not null default 0, "available" boolean not null default true);`);
    this.addSql(`alter table "obs_unit" add constraint "obs_unit_name_unique" unique ("name");`);
    this.addSql(`create index "obs_unit_observing_program_id_index" on "obs_unit" ("observing_program_id");`);
    this.addSql(`create index "obs_unit_sub_observing_program_id_index" on "obs_unit" ("sub_observing_program_id");`);
    this.addSql(`create index "obs_unit_source_id_index" on "obs_unit" ("source_id");`);
    this.addSql(`create index "obs_unit_obs_mode_id_index" on "obs_unit" ("obs_mode_id");`);

    this.addSql(`create table "executed_obs_unit" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "obs_unit_id" int not null, "status" text not null default 'running', "start_time" timestamptz not null, "end_time" timestamptz null, "conditions" jsonb null, primary key ("id"));`);
    this.addSql(`create index "executed_obs_unit_obs_unit_id_index" on "executed_obs_unit" ("obs_unit_id");`);
    this.addSql(`create index "executed_obs_unit_start_time_index" on "executed_obs_unit" ("start_time");`);
    this.addSql(`create index "executed_obs_unit_status_start_time_index" on "executed_obs_unit" ("status", "start_time");`);
    this.addSql(`alter table "executed_obs_unit" add constraint "executed_obs_unit_time_check" check (end_time is null or end_time >= start_time);`);
    this.addSql(`alter table "executed_obs_unit" add constraint "executed_obs_unit_status_check" check ("status" in ('running', 'completed', 'failed', 'aborted'));`);

    this.addSql(`create table "telescope" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "observatory_id" int not null, "name" varchar(255) not null, "description" text null, "latitude_deg" double precision null, "longitude_deg" double precision null, "altitude_m" double precision null);`);
    this.addSql(`create index "telescope_observatory_id_index" on "telescope" ("observatory_id");`);
    this.addSql(`alter table "telescope" add constraint "telescope_name_unique" unique ("name");`);
    this.addSql(`alter table "telescope" add constraint "telescope_latitude_deg_check" check (latitude_deg >= '-90' and latitude_deg <= '90');`);
    this.addSql(`alter table "telescope" add constraint "telescope_longitude_deg_check" check (longitude_deg >= '-180' and longitude_deg <= '180');`);

    this.addSql(`create table "instrument" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "telescope_id" int not null, "name" varchar(255) not null, "instrument_type" varchar(64) not null, "description" text null, "available" boolean not null default true);`);
    this.addSql(`create index "instrument_telescope_id_index" on "instrument" ("telescope_id");`);
    this.addSql(`alter table "instrument" add constraint "instrument_telescope_id_name_unique" unique ("telescope_id", "name");`);

    this.addSql(`create table "instrument_module" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instrument_id" int not null, "name" varchar(255) not null, "description" text null, "pixels" int null, "freq_min_ghz" double precision null, "freq_max_ghz" double precision null, "available" boolean not null default true);`);
    this.addSql(`create index "instrument_module_instrument_id_index" on "instrument_module" ("instrument_id");`);
    this.addSql(`alter table "instrument_module" add constraint "instrument_module_instrument_id_name_unique" unique ("instrument_id", "name");`);
    this.addSql(`alter table "instrument_module" add constraint "instrument_module_pixels_check" check (pixels >= 0);`);
    this.addSql(`alter table "instrument_module" add constraint "instrument_module_freq_check" check (freq_min_ghz >= '0' and freq_max_ghz >= freq_min_ghz);`);

    this.addSql(`create table "raw_data_package" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "executed_obs_unit_id" uuid not null, "instrument_module_id" int not null, "relative_path" text not null, "size_bytes" bigint null, "checksum" varchar(128) null, "checksum_algorithm" text null, "status" text not null default 'pending', "state" text not null default 'waiting', "retry_count" int not null default 0, "metadata" jsonb null, "archived_at" timestamptz null, "data_transfer_package_id" int null, primary key ("id"));`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_name_unique" unique ("name");`);
    this.addSql(`create index "raw_data_package_executed_obs_unit_id_index" on "raw_data_package" ("executed_obs_unit_id");`);
    this.addSql(`create index "raw_data_package_instrument_module_id_index" on "raw_data_package" ("instrument_module_id");`);
    this.addSql(`create index "raw_data_package_data_transfer_package_id_index" on "raw_data_package" ("data_transfer_package_id");`);
    this.addSql(`create index "raw_data_package_status_created_at_index" on "raw_data_package" ("status", "created_at");`);
    this.addSql(`create index "raw_data_package_state_created_at_index" on "raw_data_package" ("state", "created_at");`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_size_bytes_check" check (size_bytes >= 0);`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_retry_count_check" check (retry_count >= 0);`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_checksum_check" check ((checksum is null) = (checksum_algorithm is null));`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_checksum_algorithm_check" check ("checksum_algorithm" in ('sha256', 'md5', 'xxh64', 'adler32'));`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_state_check" check ("state" in ('waiting', 'transferring', 'archived', 'failed'));`);

    this.addSql(`create table "staging_job_package" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "staging_job_id" int not null, "raw_data_package_id" uuid not null, "status" text not null default 'pending', "retry_count" int not null default 0, "error_message" text null);`);
    this.addSql(`create index "staging_job_package_staging_job_id_index" on "staging_job_package" ("staging_job_id");`);
    this.addSql(`create index "staging_job_package_raw_data_package_id_index" on "staging_job_package" ("raw_data_package_id");`);
    this.addSql(`create index "staging_job_package_status_created_at_index" on "staging_job_package" ("status", "created_at");`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_staging_job_id_raw_data_package_id_unique" unique ("staging_job_id", "raw_data_package_id");`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_retry_count_check" check (retry_count >= 0);`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`create table "long_term_archive_transfer" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "raw_data_package_id" uuid not null, "origin_location_id" int not null, "destination_location_id" int not null, "status" text not null default 'pending', "retry_count" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "error_message" text null);`);
    this.addSql(`create index "long_term_archive_transfer_raw_data_package_id_index" on "long_term_archive_transfer" ("raw_data_package_id");`);
    this.addSql(`create index "long_term_archive_transfer_origin_location_id_index" on "long_term_archive_transfer" ("origin_location_id");`);
    this.addSql(`create index "long_term_archive_transfer_destination_location_id_index" on "long_term_archive_transfer" ("destination_location_id");`);
    this.addSql(`create index "long_term_archive_transfer_status_created_at_index" on "long_term_archive_transfer" ("status", "created_at");`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_locations_check" check (origin_location_id <> destination_location_id);`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_retry_count_check" check (retry_count >= 0);`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_status_check" check ("status" in ('pending', 'scheduled', 'in_progress', 'completed', 'failed'));`);

    this.addSql(`create table "raw_data_file" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "executed_obs_unit_id" uuid not null, "instrument_module_id" int not null, "raw_data_package_id" uuid null, "relative_path" text not null, "size_bytes" bigint not null, "checksum" varchar(128) not null, "checksum_algorithm" text not null, primary key ("id"));`);
    this.addSql(`create index "raw_data_file_executed_obs_unit_id_index" on "raw_data_file" ("executed_obs_unit_id");`);
    this.addSql(`create index "raw_data_file_instrument_module_id_index" on "raw_data_file" ("instrument_module_id");`);
    this.addSql(`create index "raw_data_file_raw_data_package_id_index" on "raw_data_file" ("raw_data_package_id");`);
    this.addSql(`create index "raw_data_file_relative_path_index" on "raw_data_file" ("relative_path");`);
    this.addSql(`alter table "raw_data_file" add constraint "raw_data_file_size_bytes_check" check (size_bytes >= 0);`);
    this.addSql(`alter table "raw_data_file" add constraint "raw_data_file_checksum_algorithm_check" check ("checksum_algorithm" in ('sha256', 'md5', 'xxh64', 'adler32'));`);

    this.addSql(`create table "physical_copy" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "copy_type" text not null, "raw_data_file_id" uuid null, "raw_data_package_id" uuid null, "data_transfer_package_id" int null, "data_location_id" int not null, "status" text not null default 'present', "relative_path" text null, "size_bytes" bigint null, "checksum" varchar(128) null, "checksum_algorithm" text null, "verified_at" timestamptz null, "deleted_at" timestamptz null);`);
    this.addSql(`create index "physical_copy_raw_data_file_id_index" on "physical_copy" ("raw_data_file_id");`);
    this.addSql(`create index "physical_copy_raw_data_package_id_index" on "physical_copy" ("raw_data_package_id");`);
    this.addSql(`create index "physical_copy_data_transfer_package_id_index" on "physical_copy" ("data_transfer_package_id");`);
    this.addSql(`create index "physical_copy_data_location_id_status_index" on "physical_copy" ("data_location_id", "status");`);
    this.addSql(`create unique index "physical_copy_raw_data_file_live_unique" on "physical_copy" ("raw_data_file_id", "data_location_id") where deleted_at is null and raw_data_file_id is not null;`);
    this.addSql(`create unique index "physical_copy_raw_data_package_live_unique" on "physical_copy" ("raw_data_package_id", "data_location_id") where deleted_at is null and raw_data_package_id is not null;`);
    this.addSql(`create unique index "physical_copy_data_transfer_package_live_unique" on "physical_copy" ("data_transfer_package_id", "data_location_id") where deleted_at is null and data_transfer_package_id is not null;`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_item_check" check ((copy_type = 'raw_data_file' and raw_data_file_id is not null and raw_data_package_id is null and data_transfer_package_id is null) or (copy_type = 'raw_data_package' and raw_data_package_id is not null and raw_data_file_id is null and data_transfer_package_id is null) or (copy_type = 'data_transfer_package' and data_transfer_package_id is not null and raw_data_file_id is null and raw_data_package_id is null));`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_size_bytes_check" check (size_bytes >= 0);`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_checksum_check" check ((checksum is null) = (checksum_algorithm is null));`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_copy_type_check" check ("copy_type" in ('raw_data_file', 'raw_data_package', 'data_transfer_package'));`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_status_check" check ("status" in ('present', 'staged', 'deletion_scheduled', 'deletion_in_progress', 'deletion_possible', 'deleted', 'deletion_failed'));`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_checksum_algorithm_check" check ("checksum_algorithm" in ('sha256', 'md5', 'xxh64', 'adler32'));`);

    this.addSql(`create table "audit_finding" ("id" bigserial primary key, "created_at" timestamptz not null default now(), "run_id" bigint not null, "kind" text not null, "physical_copy_id" bigint null, "relative_path" text not null, "expected" text null, "actual" text null, "resolved_at" timestamptz null);`);
    this.addSql(`create index "audit_finding_physical_copy_id_index" on "audit_finding" ("physical_copy_id");`);
    this.addSql(`create index "audit_finding_run_id_kind_index" on "audit_finding" ("run_id", "kind");`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_kind_check" check ("kind" in ('missing', 'size_mismatch', 'checksum_mismatch', 'dark', 'unreadable'));`);

    this.addSql(`create table "instrument_module_configuration" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instrument_module_id" int not null, "name" varchar(255) not null, "configuration" jsonb not null default '{}');`);
    this.addSql(`create index "instrument_module_configuration_instrument_module_id_index" on "instrument_module_configuration" ("instrument_module_id");`);
    this.addSql(`alter table "instrument_module_configuration" add constraint "instrument_module_configuration_module_name_unique" unique ("instrument_module_id", "name");`);

    this.addSql(`create table "obs_unit_instrument_module_configuration" ("obs_unit_id" int not null, "instrument_module_configuration_id" int not null, "created_at" timestamptz not null default now(), primary key ("obs_unit_id", "instrument_module_configuration_id"));`);

    this.addSql(`create table "user" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "username" varchar(64) not null, "full_name" varchar(255) null, "email" varchar(255) null, "github_login" varchar(64) null, "active" boolean not null default true);`);
    this.addSql(`alter table "user" add constraint "user_username_unique" unique ("username");`);
    this.addSql(`alter table "user" add constraint "user_github_login_unique" unique ("github_login");`);

    this.addSql(`create table "api_token" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" int not null, "name" varchar(255) not null, "token_hash" varchar(64) not null, "prefix" varchar(8) not null, "scopes" text[] not null default '{}', "active" boolean not null default true, "expires_at" timestamptz null, "last_used_at" timestamptz null, "usage_count" int not null default 0);`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "api_token_prefix_index" on "api_token" ("prefix");`);
    this.addSql(`alter table "api_token" add constraint "api_token_user_id_name_unique" unique ("user_id", "name");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_check" check (token_hash ~ '^[0-9a-f]{64}\$');`);
    this.addSql(`alter table "api_token" add constraint "api_token_usage_count_check" check (usage_count >= 0);`);

    this.addSql(`create table "user_role" ("user_id" int not null, "role_id" int not null, "created_at" timestamptz not null default now(), primary key ("user_id", "role_id"));`);

    this.addSql(`alter table "role_permission" add constraint "role_permission_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "role_permission" add constraint "role_permission_permission_id_foreign" foreign key ("permission_id") references "permission" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "data_location" add constraint "data_location_site_id_foreign" foreign key ("site_id") references "site" ("id") on delete restrict;`);

    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_origin_site_id_foreign" foreign key ("origin_site_id") references "site" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_destination_site_id_foreign" foreign key ("destination_site_id") references "site" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_relay_site_id_foreign" foreign key ("relay_site_id") references "site" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_origin_location_id_foreign" foreign key ("origin_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer_route" add constraint "data_transfer_route_destination_location_id_foreign" foreign key ("destination_location_id") references "data_location" ("id") on delete restrict;`);

    this.addSql(`alter table "data_transfer" add constraint "data_transfer_data_transfer_package_id_foreign" foreign key ("data_transfer_package_id") references "data_transfer_package" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_origin_location_id_foreign" foreign key ("origin_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_destination_location_id_foreign" foreign key ("destination_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "data_transfer" add constraint "data_transfer_route_id_foreign" foreign key ("route_id") references "data_transfer_route" ("id") on delete restrict;`);

    this.addSql(`alter table "data_transfer_log" add constraint "data_transfer_log_data_transfer_id_foreign" foreign key ("data_transfer_id") references "data_transfer" ("id") on delete cascade;`);

    this.addSql(`alter table "audit_run" add constraint "audit_run_data_location_id_foreign" foreign key ("data_location_id") references "data_location" ("id") on delete restrict;`);

    this.addSql(`alter table "staging_job" add constraint "staging_job_origin_location_id_foreign" foreign key ("origin_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "staging_job" add constraint "staging_job_destination_location_id_foreign" foreign key ("destination_location_id") references "data_location" ("id") on delete restrict;`);

    this.addSql(`alter table "sub_observing_program" add constraint "sub_observing_program_observing_program_id_foreign" foreign key ("observing_program_id") references "observing_program" ("id") on delete restrict;`);

    this.addSql(`alter table "obs_unit" add constraint "obs_unit_observing_program_id_foreign" foreign key ("observing_program_id") references "observing_program" ("id") on delete restrict;`);
    this.addSql(`alter table "obs_unit" add constraint "obs_unit_sub_observing_program_id_foreign" foreign key ("sub_observing_program_id") references "sub_observing_program" ("id") on delete restrict;`);
    this.addSql(`alter table "obs_unit" add constraint "obs_unit_source_id_foreign" foreign key ("source_id") references "source" ("id") on delete restrict;`);
    this.addSql(`alter table "obs_unit" add constraint "obs_unit_obs_mode_id_foreign" foreign key ("obs_mode_id") references "obs_mode" ("id") on delete restrict;`);

    this.addSql(`alter table "executed_obs_unit" add constraint "executed_obs_unit_obs_unit_id_foreign" foreign key ("obs_unit_id") references "obs_unit" ("id") on delete restrict;`);

    this.addSql(`alter table "telescope" add constraint "telescope_observatory_id_foreign" foreign key ("observatory_id") references "observatory" ("id") on delete restrict;`);

    this.addSql(`alter table "instrument" add constraint "instrument_telescope_id_foreign" foreign key ("telescope_id") references "telescope" ("id") on delete restrict;`);

    this.addSql(`alter table "instrument_module" add constraint "instrument_module_instrument_id_foreign" foreign key ("instrument_id") references "instrument" ("id") on delete restrict;`);

    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_executed_obs_unit_id_foreign" foreign key ("executed_obs_unit_id") references "executed_obs_unit" ("id") on delete restrict;`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_instrument_module_id_foreign" foreign key ("instrument_module_id") references "instrument_module" ("id") on delete restrict;`);
    this.addSql(`alter table "raw_data_package" add constraint "raw_data_package_data_transfer_package_id_foreign" foreign key ("data_transfer_package_id") references "data_transfer_package" ("id") on delete set null;`);

    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_staging_job_id_foreign" foreign key ("staging_job_id") references "staging_job" ("id") on delete cascade;`);
    this.addSql(`alter table "staging_job_package" add constraint "staging_job_package_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on delete restrict;`);

    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on delete restrict;`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_origin_location_id_foreign" foreign key ("origin_location_id") references "data_location" ("id") on delete restrict;`);
    this.addSql(`alter table "long_term_archive_transfer" add constraint "long_term_archive_transfer_destination_location_id_foreign" foreign key ("destination_location_id") references "data_location" ("id") on delete restrict;`);

    this.addSql(`alter table "raw_data_file" add constraint "raw_data_file_executed_obs_unit_id_foreign" foreign key ("executed_obs_unit_id") references "executed_obs_unit" ("id") on delete restrict;`);
    this.addSql(`alter table "raw_data_file" add constraint "raw_data_file_instrument_module_id_foreign" foreign key ("instrument_module_id") references "instrument_module" ("id") on delete restrict;`);
    this.addSql(`alter table "raw_data_file" add constraint "raw_data_file_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on delete set null;`);

    this.addSql(`alter table "physical_copy" add constraint "physical_copy_raw_data_file_id_foreign" foreign key ("raw_data_file_id") references "raw_data_file" ("id") on delete restrict;`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on delete restrict;`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_data_transfer_package_id_foreign" foreign key ("data_transfer_package_id") references "data_transfer_package" ("id") on delete restrict;`);
    this.addSql(`alter table "physical_copy" add constraint "physical_copy_data_location_id_foreign" foreign key ("data_location_id") references "data_location" ("id") on delete restrict;`);

    this.addSql(`alter table "audit_finding" add constraint "audit_finding_run_id_foreign" foreign key ("run_id") references "audit_run" ("id") on delete cascade;`);
    this.addSql(`alter table "audit_finding" add constraint "audit_finding_physical_copy_id_foreign" foreign key ("physical_copy_id") references "physical_copy" ("id") on delete set null;`);

    this.addSql(`alter table "instrument_module_configuration" add constraint "instrument_module_configuration_instrument_module_id_foreign" foreign key ("instrument_module_id") references "instrument_module" ("id") on delete restrict;`);

    this.addSql(`alter table "obs_unit_instrument_module_configuration" add constraint "obs_unit_instrument_module_configuration_obs_unit_id_foreign" foreign key ("obs_unit_id") references "obs_unit" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "obs_unit_instrument_module_configuration" add constraint "obs_unit_instrument_module_configuration_instrum_3f5a0_foreign" foreign key ("instrument_module_configuration_id") references "instrument_module_configuration" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade;`);

    this.addSql(`alter table "user_role" add constraint "user_role_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_role" add constraint "user_role_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "user_role" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);
    this.addSql(`drop table if exists "user" cascade;`);
    this.addSql(`drop table if exists "obs_unit_instrument_module_configuration" cascade;`);
    this.addSql(`drop table if exists "instrument_module_configuration" cascade;`);
    this.addSql(`drop table if exists "audit_finding" cascade;`);
    this.addSql(`drop table if exists "physical_copy" cascade;`);
    this.addSql(`drop table if exists "raw_data_file" cascade;`);
    this.addSql(`drop table if exists "long_term_archive_transfer" cascade;`);
    this.addSql(`drop table if exists "staging_job_package" cascade;`);
    this.addSql(`drop table if exists "raw_data_package" cascade;`);
    this.addSql(`drop table if exists "instrument_module" cascade;`);
    this.addSql(`drop table if exists "instrument" cascade;`);
    this.addSql(`drop table if exists "telescope" cascade;`);
    this.addSql(`drop table if exists "executed_obs_unit" cascade;`);
    this.addSql(`drop table if exists "obs_unit" cascade;`);
    this.addSql(`drop table if exists "sub_observing_program" cascade;`);
    this.addSql(`drop table if exists "staging_job" cascade;`);
    this.addSql(`drop table if exists "source" cascade;`);
    this.addSql(`drop table if exists "audit_run" cascade;`);
    this.addSql(`drop table if exists "data_transfer_log" cascade;`);
    this.addSql(`drop table if exists "data_transfer" cascade;`);
    this.addSql(`drop table if exists "data_transfer_route" cascade;`);
    this.addSql(`drop table if exists "data_location" cascade;`);
    this.addSql(`drop table if exists "site" cascade;`);
    this.addSql(`drop table if exists "role_permission" cascade;`);
    this.addSql(`drop table if exists "role" cascade;`);
    this.addSql(`drop table if exists "permission" cascade;`);
    this.addSql(`drop table if exists "obs_mode" cascade;`);
    this.addSql(`drop table if exists "observing_program" cascade;`);
    this.addSql(`drop table if exists "observatory" cascade;`);
    this.addSql(`drop table if exists "data_transfer_package" cascade;`);
  }

}
