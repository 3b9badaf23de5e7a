import { Migration } from '@mikro-orm/migrations';

export class Migration20261202011744_physical_copy_item_indexes_not_null extends Migration {

  override name = 'Migration20261202011744_physical_copy_item_indexes_not_null';

  override up(): void | Promise<void> {
    this.addSql(`drop index "physical_copy_data_transfer_package_id_index";`);
    this.addSql(`drop index "physical_copy_raw_data_file_id_index";`);
    this.addSql(`drop index "physical_copy_raw_data_package_id_index";`);
    this.addSql(`create index "physical_copy_data_transfer_package_id_index" on "physical_copy" ("data_transfer_package_id") where data_transfer_package_id is not null;`);
    this.addSql(`create index "physical_copy_raw_data_file_id_index" on "physical_copy" ("raw_data_file_id") where raw_data_file_id is not null;`);
    this.addSql(`create index "physical_copy_raw_data_package_id_index" on "physical_copy" ("raw_data_package_id") where raw_data_package_id is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "physical_copy_raw_data_file_id_index";`);
    this.addSql(`drop index "physical_copy_raw_data_package_id_index";`);
    this.addSql(`drop index "physical_copy_data_transfer_package_id_index";`);
    this.addSql(`create index "physical_copy_raw_data_file_id_index" on "physical_copy" ("raw_data_file_id");`);
    this.addSql(`create index "physical_copy_raw_data_package_id_index" on "physical_copy" ("raw_data_package_id");`);
    this.addSql(`create index "physical_copy_data_transfer_package_id_index" on "physical_copy" ("data_transfer_package_id");`);
  }

}
