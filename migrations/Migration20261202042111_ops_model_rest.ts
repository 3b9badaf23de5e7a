import { Migration } from '@mikro-orm/migrations';

export class Migration20261202042111_ops_model_rest extends Migration {

  override name = 'Migration20261202042111_ops_model_rest';

  override up(): void | Promise<void> {
    this.addSql(`create table "chai_inpar_parameter" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "line_name" varchar(64) not null, "rest_frequency_ghz" double precision not null, "lo_frequency_ghz" double precision not null, "sideband" text not null, "if_frequency_ghz" double precision not null, "velocity_kms" double precision not null default 0, "parameters" jsonb null);`);
    this.addSql(`alter table "chai_inpar_parameter" add constraint "chai_inpar_parameter_name_unique" unique ("name");`);

    this.addSql(`create table "chai_tiling" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "offset_x_arcsec" double precision not null default 0, "offset_y_arcsec" double precision not null default 0, "size_x_arcsec" double precision not null, "size_y_arcsec" double precision not null, "position_angle_deg" double precision not null default 0, "scan_direction" text not null, "row_spacing_arcsec" double precision null, "scan_speed_arcsec_s" double precision null);`);
    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_name_unique" unique ("name");`);

    this.addSql(`create table "data_grouping" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "description" text null);`);
    this.addSql(`alter table "data_grouping" add constraint "data_grouping_name_unique" unique ("name");`);

    this.addSql(`create table "observation_configuration" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "type" text not null, "description" text null, "parameters" jsonb null);`);
    this.addSql(`alter table "observation_configuration" add constraint "observation_configuration_name_unique" unique ("name");`);
    this.addSql(`create index "observation_configuration_type_index" on "observation_configuration" ("type");`);

    this.addSql(`create table "chai_observation_configuration" ("id" int not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "chai_inpar_parameter_id" int not null, "chai_tiling_id" int null, primary key ("id"));`);
    this.addSql(`create index "chai_observation_configuration_chai_inpar_parameter_id_index" on "chai_observation_configuration" ("chai_inpar_parameter_id");`);
    this.addSql(`create index "chai_observation_configuration_chai_tiling_id_index" on "chai_observation_configuration" ("chai_tiling_id");`);

    this.addSql(`create table "raw_data_package_metadata" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "raw_data_package_id" uuid not null, "dataproduct_type" varchar(32) null, "calib_level" int not null default 0, "target_name" varchar(255) null, "ra_deg" double precision null, "dec_deg" double precision null, "fov_deg" double precision null, "region" text null, "time_min" timestamptz null, "time_max" timestamptz null, "exposure_time_s" double precision null, "freq_min_ghz" double precision null, "freq_max_ghz" double precision null, "resolving_power" double precision null, "polarization_states" varchar(64) null, "extra" jsonb null);`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_raw_data_package_id_unique" unique ("raw_data_package_id");`);

    this.addSql(`create table "data_grouping_raw_data_package" ("data_grouping_id" int not null, "raw_data_package_id" uuid not null, "created_at" timestamptz not null default now(), primary key ("data_grouping_id", "raw_data_package_id"));`);
    this.addSql(`create index "data_grouping_raw_data_package_raw_data_package_id_index" on "data_grouping_raw_data_package" ("raw_data_package_id");`);

    this.addSql(`create table "chai_module_configuration" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instrument_module_id" int not null, "name" varchar(255) not null, "description" text null, "backend" varchar(64) null, "bandwidth_mhz" double precision null, "channels" int null, "active_pixels" int null);`);
    this.addSql(`alter table "chai_module_configuration" add constraint "chai_module_configuration_module_name_unique" unique ("instrument_module_id", "name");`);

    this.addSql(`create table "chai_observation_module_configuration" ("chai_observation_configuration_id" int not null, "chai_module_configuration_id" int not null, "created_at" timestamptz not null default now(), primary key ("chai_observation_configuration_id", "chai_module_configuration_id"));`);
    this.addSql(`create index "chai_observation_module_configuration_module_index" on "chai_observation_module_configuration" ("chai_module_configuration_id");`);

    this.addSql(`alter table "site" add "location" varchar(255) null;`);

    this.addSql(`alter table "obs_unit" add "observation_configuration_id" int null;`);
    this.addSql(`alter table "obs_unit" add constraint "obs_unit_observation_configuration_id_foreign" foreign key ("observation_configuration_id") references "observation_configuration" ("id") on delete restrict;`);
    this.addSql(`create index "obs_unit_observation_configuration_id_index" on "obs_unit" ("observation_configuration_id");`);

    this.addSql(`alter table "api_token" add "last_used_ip" inet null;`);

    this.addSql(`alter table "chai_inpar_parameter" add constraint "chai_inpar_parameter_rest_frequency_positive" check (rest_frequency_ghz > '0');`);
    this.addSql(`alter table "chai_inpar_parameter" add constraint "chai_inpar_parameter_lo_frequency_positive" check (lo_frequency_ghz > '0');`);
    this.addSql(`alter table "chai_inpar_parameter" add constraint "chai_inpar_parameter_if_frequency_not_negative" check (if_frequency_ghz >= '0');`);
    this.addSql(`alter table "chai_inpar_parameter" add constraint "chai_inpar_parameter_sideband_check" check ("sideband" in ('usb', 'lsb'));`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "chai_inpar_parameter"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_size_positive" check (size_x_arcsec > '0' and size_y_arcsec > '0');`);
    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_position_angle_range" check (position_angle_deg >= '-180' and position_angle_deg <= '180');`);
    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_row_spacing_positive" check (row_spacing_arcsec > '0');`);
    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_scan_speed_positive" check (scan_speed_arcsec_s > '0');`);
    this.addSql(`alter table "chai_tiling" add constraint "chai_tiling_scan_direction_check" check ("scan_direction" in ('x', 'y', 'both'));`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "chai_tiling"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "data_grouping"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "observation_configuration" add constraint "observation_configuration_type_check" check ("type" in ('chai', 'prime_cam'));`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "observation_configuration"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "chai_observation_configuration" add constraint "chai_observation_configuration_id_foreign" foreign key ("id") references "observation_configuration" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chai_observation_configuration" add constraint "chai_observation_configuration_chai_inpar_parameter_id_foreign" foreign key ("chai_inpar_parameter_id") references "chai_inpar_parameter" ("id") on delete restrict;`);
    this.addSql(`alter table "chai_observation_configuration" add constraint "chai_observation_configuration_chai_tiling_id_foreign" foreign key ("chai_tiling_id") references "chai_tiling" ("id") on delete restrict;`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "chai_observation_configuration"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on delete cascade;`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_calib_level_range" check (calib_level >= 0 and calib_level <= 4);`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_ra_range" check (ra_deg >= '0' and ra_deg < '360');`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_dec_range" check (dec_deg >= '-90' and dec_deg <= '90');`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_fov_positive" check (fov_deg > '0');`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_time_order" check (time_min <= time_max);`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_exposure_not_negative" check (exposure_time_s >= '0');`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_freq_range" check (freq_min_ghz > '0' and freq_max_ghz > '0' and freq_min_ghz <= freq_max_ghz);`);
    this.addSql(`alter table "raw_data_package_metadata" add constraint "raw_data_package_metadata_resolving_power_positive" check (resolving_power > '0');`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "raw_data_package_metadata"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "data_grouping_raw_data_package" add constraint "data_grouping_raw_data_package_data_grouping_id_foreign" foreign key ("data_grouping_id") references "data_grouping" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "data_grouping_raw_data_package" add constraint "data_grouping_raw_data_package_raw_data_package_id_foreign" foreign key ("raw_data_package_id") references "raw_data_package" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "chai_module_configuration" add constraint "chai_module_configuration_instrument_module_id_foreign" foreign key ("instrument_module_id") references "instrument_module" ("id") on delete restrict;`);
    this.addSql(`alter table "chai_module_configuration" add constraint "chai_module_configuration_bandwidth_positive" check (bandwidth_mhz > '0');`);
    this.addSql(`alter table "chai_module_configuration" add constraint "chai_module_configuration_channels_positive" check (channels > 0);`);
    this.addSql(`alter table "chai_module_configuration" add constraint "chai_module_configuration_active_pixels_positive" check (active_pixels > 0);`);
    this.addSql(`create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as \$\$begin
  new.updated_at := now();   return new; end;\$\$;`);
    this.addSql(`create trigger "updated_at_on_update" before update on "chai_module_configuration"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`);

    this.addSql(`alter table "chai_observation_module_configuration" add constraint "chai_observation_module_configuration_observation_foreign" foreign key ("chai_observation_configuration_id") references "chai_observation_configuration" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chai_observation_module_configuration" add constraint "chai_observation_module_configuration_module_foreign" foreign key ("chai_module_configuration_id") references "chai_module_configuration" ("id") on update cascade on delete restrict;`);

    // Reference data an existing database needs once: the two permissions the seeded roles now
    // include, granted to an existing `admin` role. A seed leaves existing roles as they are (an
    // operator may have changed them since), so this step is where an older database gets them;
    // a new database gets them from the seed (data/roles.yaml), which finds them here.
    this.addSql(`insert into "permission" ("name", "description") values
      ('delete:observations', 'Delete observations and their records.'),
      ('configure:system', 'Change the system configuration (sites, locations, routes, settings).')
      on conflict ("name") do nothing;`);
    this.addSql(`insert into "role_permission" ("role_id", "permission_id")
      select r.id, p.id from "role" r cross join "permission" p
       where r.name = 'admin' and p.name in ('delete:observations', 'configure:system')
      on conflict do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "permission" where "name" in ('delete:observations', 'configure:system');`);
    this.addSql(`alter table "chai_observation_configuration" drop constraint "chai_observation_configuration_chai_inpar_parameter_id_foreign";`);
    this.addSql(`alter table "chai_observation_configuration" drop constraint "chai_observation_configuration_chai_tiling_id_foreign";`);
    this.addSql(`alter table "data_grouping_raw_data_package" drop constraint "data_grouping_raw_data_package_data_grouping_id_foreign";`);
    this.addSql(`alter table "chai_observation_configuration" drop constraint "chai_observation_configuration_id_foreign";`);
    this.addSql(`alter table "obs_unit" drop constraint "obs_unit_observation_configuration_id_foreign";`);
    this.addSql(`alter table "chai_observation_module_configuration" drop constraint "chai_observation_module_configuration_observation_foreign";`);
    this.addSql(`alter table "chai_observation_module_configuration" drop constraint "chai_observation_module_configuration_module_foreign";`);

    this.addSql(`drop trigger if exists "updated_at_on_update" on "chai_inpar_parameter";`);
    this.addSql(`drop function if exists "chai_inpar_parameter_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "chai_inpar_parameter" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "chai_tiling";`);
    this.addSql(`drop function if exists "chai_tiling_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "chai_tiling" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "data_grouping";`);
    this.addSql(`drop function if exists "data_grouping_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "data_grouping" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "observation_configuration";`);
    this.addSql(`drop function if exists "observation_configuration_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "observation_configuration" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "chai_observation_configuration";`);
    this.addSql(`drop function if exists "chai_observation_configuration_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "chai_observation_configuration" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "raw_data_package_metadata";`);
    this.addSql(`drop function if exists "raw_data_package_metadata_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "raw_data_package_metadata" cascade;`);
    this.addSql(`drop table if exists "data_grouping_raw_data_package" cascade;`);
    this.addSql(`drop trigger if exists "updated_at_on_update" on "chai_module_configuration";`);
    this.addSql(`drop function if exists "chai_module_configuration_updated_at_on_update_fn"();`);
    this.addSql(`drop table if exists "chai_module_configuration" cascade;`);
    this.addSql(`drop table if exists "chai_observation_module_configuration" cascade;`);

    this.addSql(`alter table "api_token" drop column "last_used_ip";`);

    this.addSql(`drop index "obs_unit_observation_configuration_id_index";`);
    this.addSql(`alter table "obs_unit" drop column "observation_configuration_id";`);

    this.addSql(`alter table "site" drop column "location";`);
  }

}
