import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { locationSiteKeptTrigger } from './data-location-site-trigger.js';
import { updatedAtTrigger } from './updated-at-trigger.js';
import { LocationType, StorageType } from './enums.js';
import { SiteSchema } from './site.js';

/**
 * A storage location at a site. Storage-specific columns: disk `host` + `rootPath`; s3 `endpointUrl`,
 * `bucket`, `region`, `credentialsEnv` (the name of an environment variable, never a secret); tape
 * `library` + `rootPath`.
 */
export const DataLocationSchema = defineEntity({
  name: 'DataLocation',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    site: () => p.manyToOne(SiteSchema).ref().deleteRule('restrict'),
    name: p.string().length(255),
    locationType: p.enum(() => LocationType),
    storageType: p.enum(() => StorageType),
    active: p.boolean().default(true),
    priority: p.integer().default(0),
    host: p.string().length(255).nullable(),
    rootPath: p.text().nullable(),
    endpointUrl: p.text().nullable(),
    bucket: p.string().length(255).nullable(),
    region: p.string().length(64).nullable(),
    credentialsEnv: p.string().length(255).nullable(),
    library: p.string().length(255).nullable(),
    /** How many bytes the storage holds when full, if known (for `location usage`: free space, days until full). */
    capacityBytes: p.bigint('number').nullable(),
  },
  uniques: [{ properties: ['site', 'name'] }],
  indexes: [{ properties: ['locationType', 'active'] }],
  checks: [
    {
      name: 'data_location_disk_check',
      expression: "storage_type <> 'disk' or root_path is not null",
    },
    { name: 'data_location_s3_check', expression: "storage_type <> 's3' or bucket is not null" },
    {
      name: 'data_location_tape_check',
      expression: "storage_type <> 'tape' or library is not null",
    },
    { name: 'data_location_capacity_not_negative', expression: 'capacity_bytes >= 0' },
  ],
  // The destination rules (archive transfers to a long-term archive, staging to processing) hold
  // for every row that names the location, so its type stays while any does: a location that
  // changes role is registered anew and this one deactivated.
  triggers: [
    updatedAtTrigger('data_location'),
    {
      name: 'data_location_type_kept_while_in_use',
      timing: 'before',
      events: ['update'],
      expression: `create or replace function "data_location_type_kept_while_in_use_fn"() returns trigger
  language plpgsql set search_path = pg_catalog, public as $$
declare
  used_by text;
begin
  if old.location_type = 'long_term_archive'
     and exists (select 1 from long_term_archive_transfer where destination_location_id = old.id) then
    used_by := 'archive transfers';
  elsif old.location_type = 'processing'
     and (exists (select 1 from staging_job where destination_location_id = old.id)
          or exists (select 1 from staging_job_package where destination_location_id = old.id)) then
    used_by := 'staging jobs';
  end if;
  if used_by is not null then
    raise exception 'location %/% is the destination of % and stays a % location',
        (select short_name from site where id = old.site_id), old.name, used_by, old.location_type
      using errcode = 'restrict_violation', constraint = 'data_location_type_kept_while_in_use',
            hint = 'register a new location of the new type (ccat-ops location add) and deactivate this one (ccat-ops location set-active SITE/NAME false)';
  end if;
  return new;
end;
$$;
create trigger "data_location_type_kept_while_in_use" before update of location_type on "data_location"
  for each row when (old.location_type is distinct from new.location_type)
  execute function "data_location_type_kept_while_in_use_fn"();`,
    },
    locationSiteKeptTrigger,
  ],
});

export type DataLocation = InferEntity<typeof DataLocationSchema>;
