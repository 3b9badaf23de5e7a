import type { TriggerDef } from '@mikro-orm/core';

export const ROOT_NOT_FILE_SYSTEM_ROOT = 'data_location_root_not_the_file_system_root';
export const ROOTS_APART_ON_A_HOST = 'data_location_roots_apart_on_a_host';

/**
 * A location's root is the storage that holds its copies and nothing else: `file register` takes
 * in what lies under it, audits walk all of it for dark files, and its marker file sits at its top.
 * So a root is not the file system's root `/`, and two locations on one host neither share a root
 * nor lie one inside the other: the outer one would take the inner one's files for its own (and its
 * marker for a dark file). Locations without a host may be anywhere, so they are not compared; a
 * row with the same site and name is the unique key's to refuse (two runs adding one location). Compared by path text, trailing
 * slashes aside; a link that joins two roots on disk is for `file register`'s and the audits' own
 * checks (they never follow a link out of a root). Locations of one host are checked one at a time
 * (a transaction-scoped advisory lock on the host), so two added at once see each other.
 */
export const locationRootsTrigger: TriggerDef = {
  name: ROOTS_APART_ON_A_HOST,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${ROOTS_APART_ON_A_HOST}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  mine text := rtrim(new.root_path, '/') || '/';
  other record;
begin
  if mine = '/' then
    raise exception 'location %/% cannot have the file system root / as its root',
        (select short_name from site where id = new.site_id), new.name
      using errcode = 'check_violation', constraint = '${ROOT_NOT_FILE_SYSTEM_ROOT}',
            hint = 'give the directory that holds the location''s data, such as /data/buffer';
  end if;
  if new.host is null then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtext('${ROOTS_APART_ON_A_HOST}'), hashtext(new.host));
  select s.short_name || '/' || l.name as key, l.root_path into other
    from data_location l join site s on s.id = l.site_id
   where l.id <> new.id and l.root_path is not null and l.host = new.host
     and not (l.site_id = new.site_id and l.name = new.name)
     and (starts_with(mine, rtrim(l.root_path, '/') || '/') or starts_with(rtrim(l.root_path, '/') || '/', mine))
   order by l.id limit 1;
  if found then
    raise exception 'location %/% (root %) and location % (root %) on host % would share or nest their roots',
        (select short_name from site where id = new.site_id), new.name, new.root_path, other.key, other.root_path, new.host
      using errcode = 'check_violation', constraint = '${ROOTS_APART_ON_A_HOST}',
            hint = 'give each location a directory of its own that is not inside another location''s root';
  end if;
  return new;
end;
$$;
create trigger "${ROOTS_APART_ON_A_HOST}" before insert or update of root_path, host on "data_location"
  for each row when (new.root_path is not null)
  execute function "${ROOTS_APART_ON_A_HOST}_fn"();`,
};
