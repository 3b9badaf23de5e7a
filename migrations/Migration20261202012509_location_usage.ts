import { Migration } from '@mikro-orm/migrations';

export class Migration20261202012509_location_usage extends Migration {

  override name = 'Migration20261202012509_location_usage';

  override up(): void | Promise<void> {
    this.addSql(`alter table "data_location" add "capacity_bytes" bigint null;`);
    // The rule pattern of issue #13 (NOT VALID, then validate); the new column holds no values yet,
    // so on every database it ends validated.
    this.addSql(`alter table "data_location" add constraint "data_location_capacity_not_negative" check (capacity_bytes >= 0) not valid;`);
    this.addSql(`do \$\$ begin alter table "data_location" validate constraint "data_location_capacity_not_negative";
  exception when check_violation then raise notice 'data_location_capacity_not_negative: old rows break it; see ccat-ops db check --data'; end \$\$;`);

    this.addSql(`create index "physical_copy_location_created_live_index" on "physical_copy" ("data_location_id", "created_at") where status <> 'deleted';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "data_location" drop constraint "data_location_capacity_not_negative";`);
    this.addSql(`alter table "data_location" drop column "capacity_bytes";`);

    this.addSql(`drop index "physical_copy_location_created_live_index";`);
  }

}
