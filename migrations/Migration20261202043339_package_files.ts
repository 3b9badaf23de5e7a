import { Migration } from '@mikro-orm/migrations';

export class Migration20261202043339_package_files extends Migration {

  override name = 'Migration20261202043339_package_files';

  override up(): void | Promise<void> {
    // DESIGN §5.3: a package holds the files of one execution and module (entities/package-files-trigger.ts).
    // Triggers check new writes only: files packed otherwise before are listed by `ccat-ops db check --data`.
    this.addSql(`create or replace function "raw_data_file_in_package_of_its_execution_and_module_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  pkg record;
begin
  select name, executed_obs_unit_id, instrument_module_id into pkg from raw_data_package where id = new.raw_data_package_id;
  -- An unknown package is the foreign key's to refuse.
  if found and (pkg.executed_obs_unit_id <> new.executed_obs_unit_id or pkg.instrument_module_id <> new.instrument_module_id) then
    raise exception 'raw data file % (%) is of another execution or module than its package %',
        new.id, new.relative_path, pkg.name
      using errcode = 'check_violation', constraint = 'raw_data_file_in_package_of_its_execution_and_module',
            hint = 'a package holds the files of one execution and module: put the file in a package of its own (ccat-ops package create)';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "raw_data_file_in_package_of_its_execution_and_module" before insert or update of raw_data_package_id, executed_obs_unit_id, instrument_module_id
  on "raw_data_file" for each row when (new.raw_data_package_id is not null)
  execute function "raw_data_file_in_package_of_its_execution_and_module_fn"();`);
    this.addSql(`create or replace function "raw_data_package_pair_kept_while_packed_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from raw_data_file where raw_data_package_id = old.id) then
    raise exception 'raw data package % holds files and stays the package of their execution and module', old.name
      using errcode = 'restrict_violation', constraint = 'raw_data_package_pair_kept_while_packed',
            hint = 'take its files out of it first, or create the package of the other execution or module';
  end if;
  return new;
end;
$$;`);
    this.addSql(`create trigger "raw_data_package_pair_kept_while_packed" before update of executed_obs_unit_id, instrument_module_id on "raw_data_package"
  for each row when (old.executed_obs_unit_id is distinct from new.executed_obs_unit_id
                     or old.instrument_module_id is distinct from new.instrument_module_id)
  execute function "raw_data_package_pair_kept_while_packed_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "raw_data_file_in_package_of_its_execution_and_module" on "raw_data_file";`);
    this.addSql(`drop function if exists "raw_data_file_in_package_of_its_execution_and_module_fn"();`);
    this.addSql(`drop trigger if exists "raw_data_package_pair_kept_while_packed" on "raw_data_package";`);
    this.addSql(`drop function if exists "raw_data_package_pair_kept_while_packed_fn"();`);
  }

}
