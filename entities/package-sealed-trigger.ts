import type { TriggerDef } from '@mikro-orm/core';

export const PACKAGE_FILES_FIXED_ONCE_SEALED = 'raw_data_package_files_fixed_once_sealed';

/**
 * Whether package `p` is sealed by what it is now (the conditions above), as a SQL condition: for
 * the rows that should have `sealed_at` and lack it (`db check --data`, and `db adopt`, which sets
 * it on a database another tool made, as the migration that added it did on ours).
 */
export const PACKAGE_SEALED_NOW = `(p.state <> 'waiting' or p.status <> 'pending' or p.data_transfer_package_id is not null
     or exists (select 1 from physical_copy c join data_location l on l.id = c.data_location_id
                 where c.raw_data_package_id = p.id and l.location_type <> 'source')
     or exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = p.id))`;

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
 * one either (moved out, to another package, or its row deleted): the tar still holds it, and staging
 * the package brings it back. A file whose package is deleted leaves it (the foreign key empties the
 * column).
 *
 * Sealed is for good: `raw_data_package.sealed_at` records when a package first was (see
 * `raw_data_package_sealed_for_good` below), so a writer that moves it back (state to `waiting` for a
 * retry, status to `pending`, its copies beyond SOURCE, bundle or archive transfers removed) leaves it
 * sealed; the retry flows themselves stay allowed.
 *
 * A writer packs files into a package before it moves on (`package create` records the tar's checksum
 * after the files joined, though it need not). The package row is
 * locked for update: a concurrent write that seals it (an update of its columns, or a new copy or
 * archive transfer, whose foreign-key check holds a key-share lock on it until it commits) waits for
 * this one, or this one for it and then sees it sealed.
 *
 * One function, three triggers (PostgreSQL cannot give one trigger a condition on OLD for updates and
 * none for inserts): on insert of a file in a package, on update of a file's package, and on delete
 * of a file in a package.
 */
export const PACKAGE_SEALED_FUNCTION = `create or replace function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  joins boolean;
  package_id uuid;
  pkg record;
  f raw_data_file;
  sealed text;
begin
  if tg_op = 'TRUNCATE' then
    -- No rows to judge: refused while any file is in a sealed package (DELETE judges them one by one).
    select rf.id, rf.relative_path, p.name into pkg
      from raw_data_file rf join raw_data_package p on p.id = rf.raw_data_package_id
     where p.sealed_at is not null or ${PACKAGE_SEALED_NOW}
     limit 1;
    if found then
      raise exception 'raw_data_file cannot be truncated: raw data package % is sealed and its tar holds raw data file % (%)',
          pkg.name, pkg.id, pkg.relative_path
        using errcode = 'restrict_violation', constraint = '${PACKAGE_FILES_FIXED_ONCE_SEALED}',
              hint = 'keep the file rows of sealed packages: their tars hold the files';
    end if;
    return null;
  end if;
  if tg_op = 'DELETE' then f := old; else f := new; end if;
  foreach joins in array case tg_op when 'INSERT' then array[true] when 'DELETE' then array[false] else array[false, true] end loop
    package_id := case when joins then new.raw_data_package_id else old.raw_data_package_id end;
    continue when package_id is null;
    -- Locked for update: a transaction sealing it (updating it, or adding a copy or archive transfer
    -- of it, whose foreign-key check holds a key-share lock on it) waits for this one, or this one for
    -- it and then sees it sealed.
    select p.name, p.state, p.status, p.data_transfer_package_id, p.sealed_at into pkg
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
      when pkg.sealed_at is not null then
        'since ' || to_char(pkg.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '; moved back, it stays sealed'
    end;
    if sealed is not null then
      raise exception 'raw data package % is sealed (%): raw data file % (%) cannot %', pkg.name, sealed, f.id, f.relative_path,
          case when joins then 'join it, as its tar does not hold the file'
               when tg_op = 'DELETE' then 'be deleted, as its tar holds the file'
               else 'leave it, as its tar holds the file' end
        using errcode = 'restrict_violation', constraint = '${PACKAGE_FILES_FIXED_ONCE_SEALED}',
              hint = case when joins
                          then 'leave the file out of the package: a file in no package stays at SOURCE (ccat-ops copy deletable)'
                          when tg_op = 'DELETE'
                          then 'keep the file''s row while its package is sealed: the package''s tar holds the file'
                          else 'leave the file in its package' end;
    end if;
  end loop;
  return f;
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

export const packageFilesFixedOnceSealedOnDelete: TriggerDef = {
  name: `${PACKAGE_FILES_FIXED_ONCE_SEALED}_on_delete`,
  timing: 'before',
  events: ['delete'],
  expression: `create trigger "${PACKAGE_FILES_FIXED_ONCE_SEALED}_on_delete" before delete on "raw_data_file"
  for each row when (old.raw_data_package_id is not null)
  execute function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"();`,
};

/** A TRUNCATE of raw_data_file (or a cascade to it) runs the same function: see DELETION_GUARD_ON_TRUNCATE on why it is no entity trigger. */
export const PACKAGE_FILES_FIXED_ON_TRUNCATE = `create trigger "${PACKAGE_FILES_FIXED_ONCE_SEALED}_on_truncate" before truncate on "raw_data_file"
  for each statement execute function "${PACKAGE_FILES_FIXED_ONCE_SEALED}_fn"();`;

export const PACKAGE_SEALED_FOR_GOOD = 'raw_data_package_sealed_for_good';

/** Sets `sealed_at` where it is missing, leaving `updated_at` as it is (nothing about the package changed). */
export const PACKAGE_SEALED_AT_BACKFILL = `alter table "raw_data_package" disable trigger "updated_at_on_update";
update "raw_data_package" p set "sealed_at" = now() where p.sealed_at is null and ${PACKAGE_SEALED_NOW};
alter table "raw_data_package" enable trigger "updated_at_on_update";`;

/**
 * `raw_data_package.sealed_at`: when the package was first sealed (the conditions above), set by the
 * database whoever writes and never cleared or changed, so the files rule holds after a package is
 * moved back. On the package itself, a before trigger sets it when its state, status or bundle seals
 * it (and refuses a write that clears or changes it); a package copy beyond SOURCE and an archive
 * transfer set it on their package from their own tables. Only the first seal writes the package
 * row; later ones find it set. State and status may still go back (a failed transfer retried, an
 * operator reset): that is the status machine's business, and the package stays sealed.
 */
export const PACKAGE_SEALED_FOR_GOOD_FUNCTION = `create or replace function "${PACKAGE_SEALED_FOR_GOOD}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_op = 'UPDATE' and old.sealed_at is not null and new.sealed_at is distinct from old.sealed_at then
    raise exception 'raw data package % was sealed at %: it stays sealed, and sealed_at stays as it is', old.name,
        to_char(old.sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      using errcode = 'restrict_violation', constraint = '${PACKAGE_SEALED_FOR_GOOD}',
            hint = 'a sealed package keeps its files (raw_data_package_files_fixed_once_sealed): to pack them otherwise, create a new package';
  end if;
  if new.sealed_at is null and (new.state <> 'waiting' or new.status <> 'pending' or new.data_transfer_package_id is not null) then
    new.sealed_at := now();
  end if;
  return new;
end;
$$;`;

export const packageSealedForGood: TriggerDef = {
  name: PACKAGE_SEALED_FOR_GOOD,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `${PACKAGE_SEALED_FOR_GOOD_FUNCTION}
create trigger "${PACKAGE_SEALED_FOR_GOOD}" before insert or update on "raw_data_package"
  for each row execute function "${PACKAGE_SEALED_FOR_GOOD}_fn"();`,
};

/** A package copy beyond SOURCE, or an archive transfer, seals its package (after the row is written). */
export const PACKAGE_SEALED_BY_MOVE_FUNCTION = `create or replace function "${PACKAGE_SEALED_FOR_GOOD}_by_move_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if tg_table_name = 'physical_copy' then -- nested: the archive transfer's row has no data_location_id
    if not exists (select 1 from data_location l where l.id = new.data_location_id and l.location_type <> 'source') then
      return null;
    end if;
  end if;
  update raw_data_package set sealed_at = now() where id = new.raw_data_package_id and sealed_at is null;
  return null;
end;
$$;`;

export const packageSealedByCopy: TriggerDef = {
  name: `${PACKAGE_SEALED_FOR_GOOD}_by_copy`,
  timing: 'after',
  events: ['insert', 'update'],
  expression: `${PACKAGE_SEALED_BY_MOVE_FUNCTION}
create trigger "${PACKAGE_SEALED_FOR_GOOD}_by_copy" after insert or update of raw_data_package_id, data_location_id on "physical_copy"
  for each row when (new.raw_data_package_id is not null)
  execute function "${PACKAGE_SEALED_FOR_GOOD}_by_move_fn"();`,
};

export const packageSealedByArchiveTransfer: TriggerDef = {
  name: `${PACKAGE_SEALED_FOR_GOOD}_by_archive_transfer`,
  timing: 'after',
  events: ['insert', 'update'],
  // The function again: this table may be created before physical_copy (create or replace: one body).
  expression: `${PACKAGE_SEALED_BY_MOVE_FUNCTION}
create trigger "${PACKAGE_SEALED_FOR_GOOD}_by_archive_transfer" after insert or update of raw_data_package_id on "long_term_archive_transfer"
  for each row execute function "${PACKAGE_SEALED_FOR_GOOD}_by_move_fn"();`,
};
