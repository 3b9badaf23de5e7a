import type { TriggerDef } from '@mikro-orm/core';

/**
 * `physical_copy.file_package_id`: the raw data package of a file copy's file, so the deletion guard
 * reads a copy's package off the copy row instead of looking up each file of a bulk update
 * (bench/copies). When set it is the file's package; it is null for other copies, for a file in no
 * package, and for the rare copy the migration could not fill (a row breaking
 * physical_copy_deleted_iff_deleted_at), where the rules look the file up. Two triggers keep it,
 * whoever writes:
 * - on physical_copy, before a row is inserted or its file or file_package_id is written, it is read
 *   from the file (`for share`: a concurrent change of the file's package waits for this
 *   transaction, or this one reads the changed package);
 * - on raw_data_file, after each UPDATE statement (packing files, the foreign key emptying a deleted
 *   package's files), the copies of the files whose package is now another get it, as one set.
 * `ccat-ops db check --data` reports a value that differs from the file's package (only a writer
 * that bypasses triggers, or a file repacked in a REPEATABLE READ transaction while a copy of it
 * was added, can leave one); writing the column, to anything, sets it right again.
 */
export const FILE_PACKAGE_OF_COPY_FUNCTION = `create or replace function "physical_copy_file_package_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  new.file_package_id := (select f.raw_data_package_id from raw_data_file f where f.id = new.raw_data_file_id for share);
  return new;
end;
$$;`;

export const physicalCopyFilePackage: TriggerDef = {
  name: 'file_package_from_file',
  timing: 'before',
  events: ['insert', 'update'],
  expression: `${FILE_PACKAGE_OF_COPY_FUNCTION}
create trigger "file_package_from_file" before insert or update of raw_data_file_id, file_package_id on "physical_copy"
  for each row when (new.raw_data_file_id is not null or new.file_package_id is not null)
  execute function "physical_copy_file_package_fn"();`,
};

export const FILE_PACKAGE_TO_COPIES_FUNCTION = `create or replace function "raw_data_file_package_to_copies_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  update physical_copy c set file_package_id = n.raw_data_package_id
    from new_rows n
   where c.raw_data_file_id = n.id and c.file_package_id is distinct from n.raw_data_package_id;
  return null;
end;
$$;`;

export const rawDataFilePackageToCopies: TriggerDef = {
  name: 'file_package_to_copies',
  timing: 'after',
  events: ['update'],
  forEach: 'statement',
  expression: `${FILE_PACKAGE_TO_COPIES_FUNCTION}
create trigger "file_package_to_copies" after update on "raw_data_file"
  referencing new table as new_rows
  for each statement execute function "raw_data_file_package_to_copies_fn"();`,
};
