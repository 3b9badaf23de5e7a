import { FILE_IN_PACKAGE_OF_ITS_PAIR } from '../../../entities/package-files-trigger.js';
import { PACKAGE_SEALED_FOR_GOOD, PACKAGE_SEALED_NOW } from '../../../entities/package-sealed-trigger.js';
import type { DataRule } from './data-rule.js';

/**
 * What a raw data package holds: the files of its own execution and module (DESIGN §5.3), and once
 * sealed for good, the files it had (entities/package-sealed-trigger.ts). Whether a file joined or
 * left a sealed package is a change, not a stored value, so nothing lists it; what is stored is when
 * the package was sealed, which the database sets (a value it keeps rather than refuses: only a
 * writer that bypasses triggers leaves it unset).
 */
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
  {
    name: PACKAGE_SEALED_FOR_GOOD,
    table: 'raw_data_package',
    rule: 'a package whose tar has moved on records when it was sealed (sealed_at), and so keeps its files',
    fix: 'in SQL, set it (update raw_data_package set sealed_at = now() where name = …): from then on its files stay with it (raw_data_package_files_fixed_once_sealed)',
    violations: `select p.name as key,
                        'no sealed_at, though ' ||
                        case when p.state <> 'waiting' then 'it is ' || p.state
                             when p.status <> 'pending' then 'its status is ' || p.status
                             when p.data_transfer_package_id is not null then 'it is in a transfer bundle'
                             when exists (select 1 from long_term_archive_transfer t where t.raw_data_package_id = p.id)
                               then 'it has archive transfers'
                             else 'it has copies beyond SOURCE' end as detail
                   from raw_data_package p
                  where p.sealed_at is null and ${PACKAGE_SEALED_NOW}
                  order by p.name`,
  },
];
