import { Migration } from '@mikro-orm/migrations';

export class Migration20261125130811_on_call_indexes extends Migration {

  override name = 'Migration20261125130811_on_call_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "data_transfer_destination_location_id_index";`);
    this.addSql(`drop index "data_transfer_origin_location_id_index";`);
    this.addSql(`drop index "data_transfer_status_created_at_index";`);
    this.addSql(`create index "data_transfer_status_id_index" on "data_transfer" ("status", "id");`);
    this.addSql(`create index "data_transfer_route_id_id_index" on "data_transfer" ("route_id", "id");`);
    this.addSql(`create index "data_transfer_origin_location_id_id_index" on "data_transfer" ("origin_location_id", "id");`);
    this.addSql(`create index "data_transfer_destination_location_id_id_index" on "data_transfer" ("destination_location_id", "id");`);
    this.addSql(`create index "data_transfer_created_at_index" on "data_transfer" ("created_at");`);
    this.addSql(`create index "data_transfer_open_index" on "data_transfer" ("id") where status <> 'completed';`);
    this.addSql(`create index "data_transfer_completed_index" on "data_transfer" ("finished_at") include ("route_id", "destination_location_id", "bytes_transferred") where status = 'completed';`);

    this.addSql(`drop index "executed_obs_unit_start_time_index";`);
    this.addSql(`create index "executed_obs_unit_start_time_id_index" on "executed_obs_unit" ("start_time", "id");`);

    this.addSql(`create index "raw_data_package_created_at_id_index" on "raw_data_package" ("created_at", "id");`);

    this.addSql(`drop index "long_term_archive_transfer_destination_location_id_index";`);
    this.addSql(`drop index "long_term_archive_transfer_origin_location_id_index";`);
    this.addSql(`drop index "long_term_archive_transfer_status_created_at_index";`);
    this.addSql(`create index "long_term_archive_transfer_status_id_index" on "long_term_archive_transfer" ("status", "id");`);
    this.addSql(`create index "long_term_archive_transfer_origin_location_id_id_index" on "long_term_archive_transfer" ("origin_location_id", "id");`);
    this.addSql(`create index "long_term_archive_transfer_destination_location_id_id_index" on "long_term_archive_transfer" ("destination_location_id", "id");`);
    this.addSql(`create index "long_term_archive_transfer_created_at_index" on "long_term_archive_transfer" ("created_at");`);
    this.addSql(`create index "long_term_archive_transfer_open_index" on "long_term_archive_transfer" ("id") where status <> 'completed';`);
    this.addSql(`create index "long_term_archive_transfer_completed_index" on "long_term_archive_transfer" ("finished_at") include ("origin_location_id", "destination_location_id", "raw_data_package_id") where status = 'completed';`);

    this.addSql(`create index "raw_data_file_created_at_id_index" on "raw_data_file" ("created_at", "id");`);

    this.addSql(`drop index "physical_copy_data_location_id_status_index";`);
    this.addSql(`create index "physical_copy_data_location_id_id_index" on "physical_copy" ("data_location_id", "id");`);
    this.addSql(`create index "physical_copy_data_location_id_status_id_index" on "physical_copy" ("data_location_id", "status", "id");`);
    this.addSql(`create index "physical_copy_not_present_index" on "physical_copy" ("status", "id") where status <> 'present';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "data_transfer_status_id_index";`);
    this.addSql(`drop index "data_transfer_route_id_id_index";`);
    this.addSql(`drop index "data_transfer_origin_location_id_id_index";`);
    this.addSql(`drop index "data_transfer_destination_location_id_id_index";`);
    this.addSql(`drop index "data_transfer_created_at_index";`);
    this.addSql(`drop index "data_transfer_open_index";`);
    this.addSql(`drop index "data_transfer_completed_index";`);
    this.addSql(`create index "data_transfer_destination_location_id_index" on "data_transfer" ("destination_location_id");`);
    this.addSql(`create index "data_transfer_origin_location_id_index" on "data_transfer" ("origin_location_id");`);
    this.addSql(`create index "data_transfer_status_created_at_index" on "data_transfer" ("status", "created_at");`);

    this.addSql(`drop index "executed_obs_unit_start_time_id_index";`);
    this.addSql(`create index "executed_obs_unit_start_time_index" on "executed_obs_unit" ("start_time");`);

    this.addSql(`drop index "long_term_archive_transfer_status_id_index";`);
    this.addSql(`drop index "long_term_archive_transfer_origin_location_id_id_index";`);
    this.addSql(`drop index "long_term_archive_transfer_destination_location_id_id_index";`);
    this.addSql(`drop index "long_term_archive_transfer_created_at_index";`);
    this.addSql(`drop index "long_term_archive_transfer_open_index";`);
    this.addSql(`drop index "long_term_archive_transfer_completed_index";`);
    this.addSql(`create index "long_term_archive_transfer_destination_location_id_index" on "long_term_archive_transfer" ("destination_location_id");`);
    this.addSql(`create index "long_term_archive_transfer_origin_location_id_index" on "long_term_archive_transfer" ("origin_location_id");`);
    this.addSql(`create index "long_term_archive_transfer_status_created_at_index" on "long_term_archive_transfer" ("status", "created_at");`);

    this.addSql(`drop index "physical_copy_data_location_id_id_index";`);
    this.addSql(`drop index "physical_copy_data_location_id_status_id_index";`);
    this.addSql(`drop index "physical_copy_not_present_index";`);
    this.addSql(`create index "physical_copy_data_location_id_status_index" on "physical_copy" ("data_location_id", "status");`);

    this.addSql(`drop index "raw_data_file_created_at_id_index";`);

    this.addSql(`drop index "raw_data_package_created_at_id_index";`);
  }

}
