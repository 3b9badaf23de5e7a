import { Migration } from '@mikro-orm/migrations';

/**
 * A location's root is not the file system's root, and two locations on one host neither share a
 * root nor nest (entities/data-location-root-trigger.ts). Checked on new and changed roots only:
 * `ccat-ops db check --data` lists locations that broke it before. Written from the entity's DDL
 * (the generator does not see new triggers).
 */
export class Migration20261207192600_location_roots_apart extends Migration {

  override name = 'Migration20261207192600_location_roots_apart';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "data_location_roots_apart_on_a_host_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  mine text := rtrim(new.root_path, '/') || '/';
  other record;
begin
  if mine = '/' then
    raise exception 'location %/% cannot have the file system root / as its root',
        (select short_name from site where id = new.site_id), new.name
      using errcode = 'check_violation', constraint = 'data_location_root_not_the_file_system_root',
            hint = 'give the directory that holds the location''s data, such as /data/buffer';
  end if;
  if new.host is null then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtext('data_location_roots_apart_on_a_host'), hashtext(new.host));
  select s.short_name || '/' || l.name as key, l.root_path into other
    from data_location l join site s on s.id = l.site_id
   where l.id <> new.id and l.root_path is not null and l.host = new.host
     and not (l.site_id = new.site_id and l.name = new.name)
     and (starts_with(mine, rtrim(l.root_path, '/') || '/') or starts_with(rtrim(l.root_path, '/') || '/', mine))
   order by l.id limit 1;
  if found then
    raise exception 'location %/% (root %) and location % (root %) on host % would share or nest their roots',
        (select short_name from site where id = new.site_id), new.name, new.root_path, other.key, other.root_path, new.host
      using errcode = 'check_violation', constraint = 'data_location_roots_apart_on_a_host',
            hint = 'give each location a directory of its own that is not inside another location''s root';
  end if;
  return new;
end;
$$;
create trigger "data_location_roots_apart_on_a_host" before insert or update of root_path, host on "data_location"
  for each row when (new.root_path is not null)
  execute function "data_location_roots_apart_on_a_host_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "data_location_roots_apart_on_a_host" on "data_location";`);
    this.addSql(`drop function if exists "data_location_roots_apart_on_a_host_fn"();`);
  }

}
