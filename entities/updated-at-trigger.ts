import type { TriggerDef } from '@mikro-orm/core';

/**
 * DESIGN §6: `updated_at` is maintained by PostgreSQL on every update, whoever writes (the Python
 * services and the web UI too), so "stuck since" and "changed since" hold for rows ccat-ops never
 * wrote. An UPDATE that sets updated_at itself (the ORM, an explicit repair, a test fixture) keeps
 * its value; only one that leaves it as it was gets now(). One function for every table, pinned
 * search_path; the WHEN clause keeps the function out of updates that set updated_at themselves.
 */
export const updatedAtTrigger = (table: string): TriggerDef => ({
  name: 'updated_at_on_update',
  timing: 'before',
  events: ['update'],
  expression: `create or replace function "updated_at_on_update_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
create trigger "updated_at_on_update" before update on "${table}"
  for each row when (new.updated_at is not distinct from old.updated_at)
  execute function "updated_at_on_update_fn"();`,
});
