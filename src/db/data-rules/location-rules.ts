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
  {
    name: 'data_location_root_not_the_file_system_root',
    table: 'data_location',
    rule: "a location's root is not the file system root /",
    fix: 'give it the directory that holds its data: `ccat-ops location update SITE/NAME --root-path /data/buffer`',
    violations: `select s.short_name || '/' || l.name as key, 'root_path ' || l.root_path as detail
                   from data_location l join site s on s.id = l.site_id
                  where rtrim(l.root_path, '/') = '' order by 1`,
  },
  {
    name: 'data_location_roots_apart_on_a_host',
    table: 'data_location',
    rule: 'two locations on one host neither share a root nor nest',
    fix: 'give one of them a directory of its own: `ccat-ops location update SITE/NAME --root-path DIR`',
    violations: `select s.short_name || '/' || l.name as key,
                        'root ' || l.root_path || ' and ' || os.short_name || '/' || o.name || ' (root ' || o.root_path ||
                        ') on host ' || l.host as detail
                   from data_location l join site s on s.id = l.site_id
                   join data_location o on o.id > l.id and o.host = l.host and o.root_path is not null
                   join site os on os.id = o.site_id
                  where l.root_path is not null
                    and (starts_with(rtrim(l.root_path, '/') || '/', rtrim(o.root_path, '/') || '/')
                         or starts_with(rtrim(o.root_path, '/') || '/', rtrim(l.root_path, '/') || '/'))
                  order by 1, 2`,
  },
];
