import { validateConstraint, type DataRule } from './data-rule.js';

/** The lifecycle of an executed obs unit: running with no end time, then ended at or after its start. */
export const EXECUTION_RULES: DataRule[] = [
  {
    name: 'executed_obs_unit_end_time_null_while_running',
    table: 'executed_obs_unit',
    rule: 'an executed obs unit has no end time exactly while it is running',
    fix: 'in SQL, give it its end time if it ended, or set its status back to running if it did not',
    violations: `select id::text as key,
                        case when status = 'running' then 'running, with end time ' || end_time
                             else status || ', with no end time' end as detail
                   from executed_obs_unit
                  where (status = 'running') <> (end_time is null)
                  order by start_time, id`,
    validate: validateConstraint('executed_obs_unit', 'executed_obs_unit_end_time_null_while_running'),
  },
  {
    name: 'executed_obs_unit_time_check',
    table: 'executed_obs_unit',
    rule: 'an executed obs unit ends at or after its start',
    fix: 'correct its start or end time in SQL',
    violations: `select id::text as key, 'ends ' || end_time || ', before its start ' || start_time as detail
                   from executed_obs_unit
                  where end_time < start_time
                  order by start_time, id`,
    validate: validateConstraint('executed_obs_unit', 'executed_obs_unit_time_check'),
  },
];
