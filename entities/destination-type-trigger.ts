import type { TriggerDef } from '@mikro-orm/core';

export interface DestinationRule {
  /** The table whose rows have a destination_location_id. */
  table: string;
  /** The trigger's name, which a refused write reports (its function is `<name>_fn`). */
  name: string;
  /** What a row is, for the message: "archive transfer". */
  what: string;
  /** The location type the destination must have. */
  locationType: string;
  /** What to do instead, for the hint. */
  hint: string;
}

/**
 * DESIGN §6: archive transfers go to a LONG_TERM_ARCHIVE location and staging jobs to a PROCESSING
 * one. A trigger rather than a check because the type lives on data_location. It runs only when
 * the destination is written; `data_location_type_kept_while_in_use` keeps a used destination's
 * type from changing under the rows. The location is read with a share lock, so a concurrent change
 * of its type and a new row wait for each other instead of both passing.
 */
export const destinationTypeTrigger = (rule: DestinationRule): TriggerDef => ({
  name: rule.name,
  timing: 'before',
  events: ['insert', 'update'],
  expression: `create or replace function "${rule.name}_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  dest record;
begin
  -- Share-locked, so that a concurrent change of the location's type waits (or this for it).
  select l.location_type, s.short_name || '/' || l.name as address into dest
    from data_location l join site s on s.id = l.site_id where l.id = new.destination_location_id for share of l;
  -- An unknown location is the foreign key's to refuse.
  if found and dest.location_type <> '${rule.locationType}' then
    raise exception '${rule.what} % goes to %, a % location: its destination must be a ${rule.locationType} location',
        new.id, dest.address, dest.location_type
      using errcode = 'check_violation', constraint = '${rule.name}',
            hint = '${rule.hint}';
  end if;
  return new;
end;
$$;
create trigger "${rule.name}" before insert or update of destination_location_id on "${rule.table}"
  for each row execute function "${rule.name}_fn"();`,
});
