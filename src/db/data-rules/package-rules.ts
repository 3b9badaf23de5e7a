import { FILE_IN_PACKAGE_OF_ITS_PAIR } from '../../../entities/package-files-trigger.js';
import type { DataRule } from './data-rule.js';

/** What a raw data package holds: the files of its own execution and module (DESIGN §5.3). */
export const PACKAGE_RULES: DataRule[] = [
  {
    name: FILE_IN_PACKAGE_OF_ITS_PAIR,
    table: 'raw_data_file',
    rule: 'a raw data file is only in a package of its own execution and module',
    fix: 'in SQL, take the file out of the package (raw_data_package_id = null) and pack it with `ccat-ops package create`; while the package is sealed its tar holds the file and the database keeps it there (raw_data_package_files_fixed_once_sealed)',
    violations: `select f.relative_path || ' (' || f.id || ')' as key, 'in package ' || p.name || ' of another execution or module' as detail
                   from raw_data_file f join raw_data_package p on p.id = f.raw_data_package_id
                  where p.executed_obs_unit_id <> f.executed_obs_unit_id or p.instrument_module_id <> f.instrument_module_id
                  order by p.name, f.relative_path`,
  },
];
