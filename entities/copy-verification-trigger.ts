import type { TriggerDef } from '@mikro-orm/core';

export const VERIFICATION_FOLLOWS_CHECKSUM = 'physical_copy_verification_follows_its_checksum';

/**
 * A copy's `verified_at` says its bytes hashed to the checksum it is judged against: its own, or its
 * item's where it has none (DESIGN §5.6). It holds for that checksum and for the bytes that were
 * there, so the database clears it (unless the same write sets it again, as a new verification
 * would) when the checksum changes from one that was recorded to another (the copy's own, or its
 * item's for the copies without their own), and when a deleted copy comes back: what was verified is
 * not what the row now describes. Without it, a changed checksum, or an archive copy marked deleted
 * and then present again, kept vouching for data no one had verified, and the deletion guard
 * (`raw_data_package_verified_in_lta`) let the copies that rely on it go. A checksum recorded where
 * there was none keeps the verification (the bytes were verified; there was nothing else to compare).
 */
export const VERIFICATION_FOLLOWS_CHECKSUM_FUNCTION = `create or replace function "${VERIFICATION_FOLLOWS_CHECKSUM}_fn"() returns trigger
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
$$;`;

const itemTrigger = (table: string): TriggerDef => ({
  name: `${VERIFICATION_FOLLOWS_CHECKSUM}_of_item`,
  timing: 'after',
  events: ['update'],
  expression: `${VERIFICATION_FOLLOWS_CHECKSUM_FUNCTION}
create trigger "${VERIFICATION_FOLLOWS_CHECKSUM}_of_item" after update of checksum, checksum_algorithm on "${table}"
  for each row when (old.checksum is not null
                     and (new.checksum is distinct from old.checksum or new.checksum_algorithm is distinct from old.checksum_algorithm))
  execute function "${VERIFICATION_FOLLOWS_CHECKSUM}_fn"();`,
});

/** On physical_copy: only a write of its checksum or status that can void a verification runs it. */
export const verificationFollowsChecksum: TriggerDef = {
  name: VERIFICATION_FOLLOWS_CHECKSUM,
  timing: 'before',
  events: ['update'],
  expression: `${VERIFICATION_FOLLOWS_CHECKSUM_FUNCTION}
create trigger "${VERIFICATION_FOLLOWS_CHECKSUM}" before update of checksum, checksum_algorithm, status on "physical_copy"
  for each row when (old.verified_at is not null
                     and (new.checksum is distinct from old.checksum
                          or new.checksum_algorithm is distinct from old.checksum_algorithm
                          or (old.status = 'deleted' and new.status <> 'deleted')))
  execute function "${VERIFICATION_FOLLOWS_CHECKSUM}_fn"();`,
};

export const packageVerificationFollowsChecksum = itemTrigger('raw_data_package');
export const fileVerificationFollowsChecksum = itemTrigger('raw_data_file');
export const bundleVerificationFollowsChecksum = itemTrigger('data_transfer_package');
