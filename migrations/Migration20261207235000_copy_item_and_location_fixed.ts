import { Migration } from '@mikro-orm/migrations';

/**
 * A physical copy keeps its item and its location (entities/physical-copy-fixed-trigger.ts): pointing
 * a SOURCE copy of unarchived data at an archived package's item, or moving a copy to another
 * location, would let the deletion rules judge it as something it is not. Written from the entity's
 * trigger DDL.
 */
export class Migration20261207235000_copy_item_and_location_fixed extends Migration {

  override name = 'Migration20261207235000_copy_item_and_location_fixed';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "physical_copy_item_and_location_fixed_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  raise exception 'physical copy % keeps its item and its location: it records what exists where', old.id
    using errcode = 'restrict_violation', constraint = 'physical_copy_item_and_location_fixed',
          hint = 'record the item at its new location as a new copy; mark this one deleted once it is gone (the deletion rules permitting)';
end;
$$;`);
    this.addSql(`create trigger "physical_copy_item_and_location_fixed" before update of copy_type, raw_data_file_id, raw_data_package_id, data_transfer_package_id, data_location_id
  on "physical_copy" for each row
  when (old.copy_type is distinct from new.copy_type or old.raw_data_file_id is distinct from new.raw_data_file_id
        or old.raw_data_package_id is distinct from new.raw_data_package_id
        or old.data_transfer_package_id is distinct from new.data_transfer_package_id
        or old.data_location_id is distinct from new.data_location_id)
  execute function "physical_copy_item_and_location_fixed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "physical_copy_item_and_location_fixed" on "physical_copy";`);
    this.addSql(`drop function if exists "physical_copy_item_and_location_fixed_fn"();`);
  }

}
