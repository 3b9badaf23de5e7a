import { Migration } from '@mikro-orm/migrations';

export class Migration20261125141529_module_time_indexes extends Migration {

  override name = 'Migration20261125141529_module_time_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "raw_data_package_instrument_module_id_index";`);
    this.addSql(`create index "raw_data_package_instrument_module_id_created_at_id_index" on "raw_data_package" ("instrument_module_id", "created_at", "id");`);

    this.addSql(`drop index "raw_data_file_instrument_module_id_index";`);
    this.addSql(`create index "raw_data_file_instrument_module_id_created_at_id_index" on "raw_data_file" ("instrument_module_id", "created_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "raw_data_file_instrument_module_id_created_at_id_index";`);
    this.addSql(`create index "raw_data_file_instrument_module_id_index" on "raw_data_file" ("instrument_module_id");`);

    this.addSql(`drop index "raw_data_package_instrument_module_id_created_at_id_index";`);
    this.addSql(`create index "raw_data_package_instrument_module_id_index" on "raw_data_package" ("instrument_module_id");`);
  }

}
