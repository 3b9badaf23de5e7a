import { AUDIT_FINDING_KEPT_ON_TRUNCATE } from './audit-finding-lock-trigger.js';
import { PACKAGE_FILES_FIXED_ON_TRUNCATE } from './package-sealed-trigger.js';
import { DELETION_GUARD_ON_TRUNCATE } from './physical-copy-deletion-guard.js';

/**
 * The BEFORE TRUNCATE triggers of the ops-db's rules, by table and name: TRUNCATE skips every row
 * rule, so these refuse it where a rule would keep a row. Kept out of the entities' trigger lists
 * (the schema comparison cannot see TRUNCATE triggers); migrations create them, `db adopt` too.
 */
export const TRUNCATE_TRIGGERS = [
  { table: 'physical_copy', name: 'deletion_guard_on_truncate', sql: DELETION_GUARD_ON_TRUNCATE },
  {
    table: 'raw_data_file',
    name: 'raw_data_package_files_fixed_once_sealed_on_truncate',
    sql: PACKAGE_FILES_FIXED_ON_TRUNCATE,
  },
  { table: 'audit_finding', name: 'audit_finding_kept_while_open_on_truncate', sql: AUDIT_FINDING_KEPT_ON_TRUNCATE },
] as const;
