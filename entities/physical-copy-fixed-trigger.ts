import type { TriggerDef } from '@mikro-orm/core';

export const COPY_ITEM_AND_LOCATION_FIXED = 'physical_copy_item_and_location_fixed';

/**
 * A physical copy records that one item (a file, a package, a transfer bundle) exists at one location,
 * at its `relative_path`: the deletion rules judge a copy by its item's package and its location, and
 * whoever deletes it deletes what is at that path. So a copy keeps its item and its location. Were
 * either to change, a SOURCE copy of a file no archive holds could be pointed at an archived package
 * (or at the file of one) and then scheduled for deletion, taking the unarchived data at its path; a
 * copy moved off a SOURCE location would leave that location's data untracked; and an archive copy
 * moved from an archive taken out of service into an active one would vouch for data it does not hold.
 * An item at a new location is a new copy. Row-level, and only when one of these columns is written:
 * a bulk status update does not run it.
 */
export const copyItemAndLocationFixed: TriggerDef = {
  name: COPY_ITEM_AND_LOCATION_FIXED,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${COPY_ITEM_AND_LOCATION_FIXED}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  raise exception 'physical copy % keeps its item and its location: it records what exists where', old.id
    using errcode = 'restrict_violation', constraint = '${COPY_ITEM_AND_LOCATION_FIXED}',
          hint = 'record the item at its new location as a new copy; mark this one deleted once it is gone (the deletion rules permitting)';
end;
$$;
create trigger "${COPY_ITEM_AND_LOCATION_FIXED}" before update of copy_type, raw_data_file_id, raw_data_package_id, data_transfer_package_id, data_location_id
  on "physical_copy" for each row
  when (old.copy_type is distinct from new.copy_type or old.raw_data_file_id is distinct from new.raw_data_file_id
        or old.raw_data_package_id is distinct from new.raw_data_package_id
        or old.data_transfer_package_id is distinct from new.data_transfer_package_id
        or old.data_location_id is distinct from new.data_location_id)
  execute function "${COPY_ITEM_AND_LOCATION_FIXED}_fn"();`,
};
