import { Migration } from '@mikro-orm/migrations';

/**
 * A copy's verification follows its checksum (entities/copy-verification-trigger.ts,
 * physical_copy_verification_follows_its_checksum): verified_at is cleared when the checksum the copy
 * is judged against changes from one that was recorded (its own, or its item's for copies without
 * one), and when a deleted copy comes back, unless the same write verifies it again. A changed
 * checksum or an undeleted archive copy kept vouching for bytes no one had verified. Existing rows
 * are left as they are (nothing records which checksum they were verified against). Written from the
 * entity's trigger DDL.
 */
export class Migration20261207235900_verification_follows_checksum extends Migration {

  override name = 'Migration20261207235900_verification_follows_checksum';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "physical_copy_verification_follows_its_checksum_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  item_checksum text;
  item_algorithm text;
begin
  if tg_table_name <> 'physical_copy' then
    -- An item's checksum changed: its copies without a checksum of their own were verified against the old one.
    if tg_table_name = 'raw_data_package' then
      update physical_copy set verified_at = null
       where raw_data_package_id = new.id and checksum is null and verified_at is not null;
    elsif tg_table_name = 'raw_data_file' then
      update physical_copy set verified_at = null
       where raw_data_file_id = new.id and checksum is null and verified_at is not null;
    else
      update physical_copy set verified_at = null
       where data_transfer_package_id = new.id and checksum is null and verified_at is not null;
    end if;
    return null;
  end if;
  if new.verified_at is distinct from old.verified_at then
    return new; -- verified again in the same write
  end if;
  if old.status = 'deleted' and new.status <> 'deleted' then
    new.verified_at := null;
    return new;
  end if;
  if old.raw_data_package_id is not null then
    select checksum, checksum_algorithm::text into item_checksum, item_algorithm from raw_data_package where id = old.raw_data_package_id;
  elsif old.raw_data_file_id is not null then
    select checksum, checksum_algorithm::text into item_checksum, item_algorithm from raw_data_file where id = old.raw_data_file_id;
  else
    select checksum, checksum_algorithm::text into item_checksum, item_algorithm from data_transfer_package where id = old.data_transfer_package_id;
  end if;
  if coalesce(old.checksum, item_checksum) is not null
     and (coalesce(new.checksum, item_checksum) is distinct from coalesce(old.checksum, item_checksum)
          or coalesce(new.checksum_algorithm::text, item_algorithm) is distinct from coalesce(old.checksum_algorithm::text, item_algorithm)) then
    new.verified_at := null;
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "physical_copy_verification_follows_its_checksum" before update of checksum, checksum_algorithm, status on "physical_copy"
  for each row when (old.verified_at is not null
                     and (new.checksum is distinct from old.checksum
                          or new.checksum_algorithm is distinct from old.checksum_algorithm
                          or (old.status = 'deleted' and new.status <> 'deleted')))
  execute function "physical_copy_verification_follows_its_checksum_fn"();`);
    this.addSql(`create trigger "physical_copy_verification_follows_its_checksum_of_item" after update of checksum, checksum_algorithm on "raw_data_package"
  for each row when (old.checksum is not null
                     and (new.checksum is distinct from old.checksum or new.checksum_algorithm is distinct from old.checksum_algorithm))
  execute function "physical_copy_verification_follows_its_checksum_fn"();`);
    this.addSql(`create trigger "physical_copy_verification_follows_its_checksum_of_item" after update of checksum, checksum_algorithm on "raw_data_file"
  for each row when (old.checksum is not null
                     and (new.checksum is distinct from old.checksum or new.checksum_algorithm is distinct from old.checksum_algorithm))
  execute function "physical_copy_verification_follows_its_checksum_fn"();`);
    this.addSql(`create trigger "physical_copy_verification_follows_its_checksum_of_item" after update of checksum, checksum_algorithm on "data_transfer_package"
  for each row when (old.checksum is not null
                     and (new.checksum is distinct from old.checksum or new.checksum_algorithm is distinct from old.checksum_algorithm))
  execute function "physical_copy_verification_follows_its_checksum_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "physical_copy_verification_follows_its_checksum" on "physical_copy";`);
    this.addSql(`drop trigger if exists "physical_copy_verification_follows_its_checksum_of_item" on "raw_data_package";`);
    this.addSql(`drop trigger if exists "physical_copy_verification_follows_its_checksum_of_item" on "raw_data_file";`);
    this.addSql(`drop trigger if exists "physical_copy_verification_follows_its_checksum_of_item" on "data_transfer_package";`);
    this.addSql(`drop function if exists "physical_copy_verification_follows_its_checksum_fn"();`);
  }

}
