import type { TriggerDef } from '@mikro-orm/core';

export const LOCATION_TYPE_KEPT_WHILE_IN_USE = 'data_location_type_kept_while_in_use';

/**
 * A location's type decides what may happen to the rows that name it, so it stays while any does:
 * - the destination rules (archive transfers go to a long-term archive, staging jobs to processing)
 *   hold for every transfer and job that goes there;
 * - the deletion policy of DESIGN §6 is the type's (data at SOURCE stays until it is archived, and
 *   so on): relabelling a location that holds live copies (any status but `deleted`) would switch
 *   the policy of copies that are already there, e.g. let unarchived SOURCE data be deleted.
 * A location that changes role is registered anew, its data copied there (new copies: a copy keeps its
 * location) and the copies here deleted, and this one deactivated. The row is locked for update before the checks: every transaction that has just named
 * the location in a new row (a copy, an archive transfer, a staging job) holds a key-share lock on it
 * through its foreign key until it commits, so the change waits for it and then sees its row.
 */
export const locationTypeKeptTrigger: TriggerDef = {
  name: LOCATION_TYPE_KEPT_WHILE_IN_USE,
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "${LOCATION_TYPE_KEPT_WHILE_IN_USE}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
  hint text := 'register a new location of the new type (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  address text := (select short_name from site where id = old.site_id) || '/' || old.name;
begin
  -- Locked for update: waits for the transactions adding a row that names the location (a foreign-key
  -- check holds a key-share lock on it until they end), so the checks below see their rows.
  perform 1 from data_location where id = old.id for update;
  if old.location_type = 'long_term_archive'
     and exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'is the destination of archive transfers';
  elsif old.location_type = 'processing'
     and (exists (select 1 from staging_job where destination_location_id = old.id)
          or exists (select 1 from staging_job_package where destination_location_id = old.id)) then
    used_by := 'is the destination of staging jobs';
  elsif exists (select 1 from physical_copy where data_location_id = old.id and status <> 'deleted') then
    used_by := 'holds live physical copies';
    hint := format('its type decides when its copies may be deleted: copy the data to a location of the new type (new copies there; a copy does not move) and delete these, first (ccat-ops copy list --location %s)', address);
  end if;
  if used_by is not null then
    raise exception 'location % % and stays a % location', address, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = '${LOCATION_TYPE_KEPT_WHILE_IN_USE}', hint = hint;
  end if;
  return new;
end;
$$;
create trigger "${LOCATION_TYPE_KEPT_WHILE_IN_USE}" before update of location_type on "data_location"
  for each row when (old.location_type is distinct from new.location_type)
  execute function "${LOCATION_TYPE_KEPT_WHILE_IN_USE}_fn"();`,
};
