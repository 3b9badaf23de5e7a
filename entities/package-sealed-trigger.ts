import type { TriggerDef } from '@mikro-orm/core';

export const PACKAGE_FILES_FIXED_ONCE_SEALED = 'raw_data_package_files_fixed_once_sealed';

/**
 * DESIGN §5.3, §6: a raw data package is the tar of its files, and what is archived, transferred,
 * staged and judged deletable is that tar; so once the tar is made its files are what the tar holds.
 * A package is sealed once its tar has moved on from where it was packed:
 * - its `state` is past `waiting` (transferring, archived, failed) or its `status` past `pending`;
 * - it is in a transfer bundle;
 * - it has an archive transfer, or a physical copy (of any status) at a location other than a SOURCE.
 * A checksum or a copy at SOURCE alone does not seal it: a packer records the tar it just wrote and
 * the files it holds in one unit of work, in whatever order its ORM flushes them (the Python
 * services share these tables), and that package has gone nowhere yet.
 * No file joins a sealed package (inserted with it, or moved in): the deletion rules would take the
 * package's archive for the file's, and SOURCE would delete a file no archive holds. No file leaves
 * one either (moved out, or to another package): the tar still holds it, and staging the package
 * brings it back. A file whose package is deleted leaves it (the foreign key empties the column).
 *
 * A writer packs files into a package before it moves on (`package create` records the tar's checksum
 * after the files joined, though it need not). The package row is
 * locked for update: a concurrent write that seals it (an update of its columns, or a new copy or
 * archive transfer, whose foreign-key check holds a key-share lock on it until it commits) waits for
 * this one, or this one for it and then sees it sealed.
 *
 * One function, two triggers (PostgreSQL cannot give one trigger a condition on OLD for updates and
 * none for inserts): on insert of a file in a package, and on update of a file's package.
 */
export const PACKAGE_SEALED_FUNCTION = `create or replace function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  joins boolean;
  package_id uuid;
  pkg record;
  sealed text;
begin
  foreach joins in array case when tg_op = 'INSERT' then array[true] else array[false, true] end loop
    package_id := case when joins then new.raw_data_package_id else old.raw_data_package_id end;
    continue when package_id is null;
    -- Locked for update: a transaction sealing it (updating it, or adding a copy or archive transfer
    -- of it, whose foreign-key check holds a key-share lock on it) waits for this one, or this one for
    -- it and then sees it sealed.
    select p.name, p.state, p.status, p.data_transfer_package_id into pkg
      from raw_data_package p where p.id = package_id for update;
    -- An unknown package is the foreign key's to refuse; a deleted one's files leave it.
    continue when not found;
    sealed := case
      when pkg.state <> 'waiting' then pkg.state::text
      when pkg.status <> 'pending' then 'status ' || pkg.status
      when pkg.data_transfer_package_id is not null then
        'in transfer bundle ' || (select b.name from data_transfer_package b where b.id = pkg.data_transfer_package_id)
      when exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                    where c.raw_data_package_id = package_id and l.location_type <> 'source') then 'it has copies beyond SOURCE'
      when exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = package_id) then 'it has archive transfers'
    end;
    if sealed is not null then
      raise exception 'raw data package % is sealed (%): raw data file % (%) cannot %', pkg.name, sealed, new.id, new.relative_path,
          case when joins then 'join it, as its tar does not hold the file' else 'leave it, as its tar holds the file' end
        using errcode = 'restrict_violation', constraint = '${PACKAGE_FILES_FIXED_ONCE_SEALED}',
              hint = case when joins
                          then 'leave the file out of the package: a file in no package stays at SOURCE (ccat-ops copy deletable)'
                          else 'leave the file in its package' end;
    end if;
  end loop;
  return new;
end;
$$;`;

export const packageFilesFixedOnceSealed: TriggerDef = {
  name: PACKAGE_FILES_FIXED_ONCE_SEALED,
  timing: 'before',
  events: ['update'],
  expression: `${PACKAGE_SEALED_FUNCTION}
create trigger "${PACKAGE_FILES_FIXED_ONCE_SEALED}" before update of raw_data_package_id on "raw_data_file"
  for each row when (old.raw_data_package_id is distinct from new.raw_data_package_id)
  execute function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"();`,
};

export const packageFilesFixedOnceSealedOnInsert: TriggerDef = {
  name: `${PACKAGE_FILES_FIXED_ONCE_SEALED}_on_insert`,
  timing: 'before',
  events: ['insert'],
  expression: `create trigger "${PACKAGE_FILES_FIXED_ONCE_SEALED}_on_insert" before insert on "raw_data_file"
  for each row when (new.raw_data_package_id is not null)
  execute function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"();`,
};
