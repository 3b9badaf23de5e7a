import { validateConstraint, type DataRule } from './data-rule.js';

/** The rules about storage locations. */
export const LOCATION_RULES: DataRule[] = [
  {
    name: 'data_location_capacity_not_negative',
    table: 'data_location',
    rule: 'a location capacity is not negative',
    fix: 'set the real capacity with `ccat-ops location update SITE/NAME --capacity 40TB` (or --capacity none)',
    violations: `select s.short_name || '/' || l.name as key, 'capacity_bytes ' || l.capacity_bytes as detail
                   from data_location l join site s on s.id = l.site_id
                  where l.capacity_bytes < 0 order by 1`,
    validate: validateConstraint('data_location', 'data_location_capacity_not_negative'),
  },
];
