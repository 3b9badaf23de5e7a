import type { TriggerDef } from '@mikro-orm/core';

/**
 * DESIGN §5.3: a raw data package is the tar of the files of one (executed obs unit, instrument
 * module), so a file is only ever in a package of its own execution and module. A trigger rather
 * than a check because the pair lives on raw_data_package; it runs only when a file's package or
 * pair is written. `raw_data_package_pair_kept_while_packed` keeps a package's pair from changing
 * under its files.
 */
export const FILE_IN_PACKAGE_OF_ITS_PAIR = 'raw_data_file_in_package_of_its_execution_and_module';
export const PACKAGE_PAIR_KEPT = 'raw_data_package_pair_kept_while_packed';

export const fileInPackageOfItsPair: TriggerDef = {
  name: FILE_IN_PACKAGE_OF_ITS_PAIR,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${FILE_IN_PACKAGE_OF_ITS_PAIR}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  pkg record;
begin
  select name, executed_obs_unit_id, instrument_module_id into pkg from raw_data_package where id = new.raw_data_package_id;
  -- An unknown package is the foreign key's to refuse.
  if found and (pkg.executed_obs_unit_id <> new.executed_obs_unit_id or pkg.instrument_module_id <> new.instrument_module_id) then
    raise exception 'raw data file % (%) is of another execution or module than its package %',
        new.id, new.relative_path, pkg.name
      using errcode = 'check_violation', constraint = '${FILE_IN_PACKAGE_OF_ITS_PAIR}',
            hint = 'a package holds the files of one execution and module: put the file in a package of its own (ccat-ops package create)';
  end if;
  return new;
end;
$$;
create trigger "${FILE_IN_PACKAGE_OF_ITS_PAIR}" before insert or update of raw_data_package_id, executed_obs_unit_id, instrument_module_id
  on "raw_data_file" for each row when (new.raw_data_package_id is not null)
  execute function "${FILE_IN_PACKAGE_OF_ITS_PAIR}_fn"();`,
};

export const packagePairKept: TriggerDef = {
  name: PACKAGE_PAIR_KEPT,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${PACKAGE_PAIR_KEPT}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  if exists (select 1 from raw_data_file where raw_data_package_id = old.id) then
    raise exception 'raw data package % holds files and stays the package of their execution and module', old.name
      using errcode = 'restrict_violation', constraint = '${PACKAGE_PAIR_KEPT}',
            hint = 'take its files out of it first, or create the package of the other execution or module';
  end if;
  return new;
end;
$$;
create trigger "${PACKAGE_PAIR_KEPT}" before update of executed_obs_unit_id, instrument_module_id on "raw_data_package"
  for each row when (old.executed_obs_unit_id is distinct from new.executed_obs_unit_id
                     or old.instrument_module_id is distinct from new.instrument_module_id)
  execute function "${PACKAGE_PAIR_KEPT}_fn"();`,
};
