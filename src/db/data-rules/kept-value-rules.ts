import type { DataRule } from './data-rule.js';

/**
 * Values the database keeps rather than refuses (entities/physical-copy-file-package.ts): only a
 * writer that bypasses triggers, or a file repacked in a REPEATABLE READ transaction while a copy of
 * it was added, leaves one wrong. Nothing to validate: the triggers set every new write.
 */
export const KEPT_VALUE_RULES: DataRule[] = [
  {
    name: 'file_package_from_file',
    table: 'physical_copy',
    rule: "a copy's file_package_id, when set, is its file's raw data package",
    fix: 'write the column (update physical_copy set file_package_id = null where id = …): the database sets it from the file',
    violations: `select 'id ' || c.id as key,
                        'file_package_id ' || c.file_package_id || ', ' ||
                        case when c.raw_data_file_id is null then 'not a file copy'
                             when f.raw_data_package_id is null then 'its file is in no package'
                             else 'its file is in package ' || f.raw_data_package_id end as detail
                   from physical_copy c left join raw_data_file f on f.id = c.raw_data_file_id
                  where c.file_package_id is not null and c.file_package_id is distinct from f.raw_data_package_id
                  order by c.id`,
  },
];
