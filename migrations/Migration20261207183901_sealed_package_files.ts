import { Migration } from '@mikro-orm/migrations';

/**
 * A sealed raw data package keeps its files: none joins or leaves it (entities/package-sealed-trigger.ts).
 * Written from the entities' trigger DDL: the generator does not see new triggers.
 */
export class Migration20261207183901_sealed_package_files extends Migration {

  override name = 'Migration20261207183901_sealed_package_files';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "raw_data_package_files_fixed_once_sealed_fn"() returns trigger
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
        using errcode = 'restrict_violation', constraint = 'raw_data_package_files_fixed_once_sealed',
              hint = case when joins
                          then 'leave the file out of the package: a file in no package stays at SOURCE (ccat-ops copy deletable)'
                          else 'leave the file in its package' end;
    end if;
  end loop;
  return new;
end;
$$;
create trigger "raw_data_package_files_fixed_once_sealed" before update of raw_data_package_id on "raw_data_file"
  for each row when (old.raw_data_package_id is distinct from new.raw_data_package_id)
  execute function "raw_data_package_files_fixed_once_sealed_fn"();`);
    this.addSql(`create trigger "raw_data_package_files_fixed_once_sealed_on_insert" before insert on "raw_data_file"
  for each row when (new.raw_data_package_id is not null)
  execute function "raw_data_package_files_fixed_once_sealed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "raw_data_package_files_fixed_once_sealed_on_insert" on "raw_data_file";`);
    this.addSql(`drop trigger if exists "raw_data_package_files_fixed_once_sealed" on "raw_data_file";`);
    this.addSql(`drop function if exists "raw_data_package_files_fixed_once_sealed_fn"();`);
  }

}
