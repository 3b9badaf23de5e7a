import { Migration } from '@mikro-orm/migrations';

export class Migration20261202011456_drop_prefix_indexes extends Migration {

  override name = 'Migration20261202011456_drop_prefix_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "data_location_site_id_index";`);

    this.addSql(`drop index "sub_observing_program_observing_program_id_index";`);

    this.addSql(`drop index "instrument_telescope_id_index";`);

    this.addSql(`drop index "instrument_module_instrument_id_index";`);

    this.addSql(`drop index "staging_job_package_staging_job_id_index";`);

    this.addSql(`drop index "instrument_module_configuration_instrument_module_id_index";`);

    this.addSql(`drop index "api_token_user_id_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);

    this.addSql(`create index "data_location_site_id_index" on "data_location" ("site_id");`);

    this.addSql(`create index "instrument_telescope_id_index" on "instrument" ("telescope_id");`);

    this.addSql(`create index "instrument_module_instrument_id_index" on "instrument_module" ("instrument_id");`);

    this.addSql(`create index "instrument_module_configuration_instrument_module_id_index" on "instrument_module_configuration" ("instrument_module_id");`);

    this.addSql(`create index "staging_job_package_staging_job_id_index" on "staging_job_package" ("staging_job_id");`);

    this.addSql(`create index "sub_observing_program_observing_program_id_index" on "sub_observing_program" ("observing_program_id");`);
  }

}
