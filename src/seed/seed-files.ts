import { z } from 'zod';
import * as fields from '../validation/fields.js';
import { LocationType, RouteType, StorageType, TransferMethod } from '../../entities/enums.js';

const text = fields.text.optional();
const name = fields.name;

export const seedSchemas = {
  observatories: z.object({ name, description: text }).strict(),
  telescopes: z
    .object({
      name,
      observatory: name,
      description: text,
      latitude_deg: fields.latitudeDeg.optional(),
      longitude_deg: fields.longitudeDeg.optional(),
      altitude_m: fields.altitudeM.optional(),
    })
    .strict(),
  instruments: z
    .object({ name, telescope: name, instrument_type: name, description: text, available: z.boolean().default(true) })
    .strict(),
  instrument_modules: z
    .object({
      name,
      telescope: name,
      instrument: name,
      description: text,
      pixels: z.number().int().positive().optional(),
      freq_min_ghz: z.number().positive().optional(),
      freq_max_ghz: z.number().positive().optional(),
      available: z.boolean().default(true),
    })
    .strict()
    .refine((m) => m.freq_min_ghz === undefined || m.freq_max_ghz === undefined || m.freq_min_ghz <= m.freq_max_ghz, {
      message: 'must not be above freq_max_ghz',
      path: ['freq_min_ghz'],
    }),
  sites: z.object({ short_name: name, name, description: text, geographic_location: name.optional() }).strict(),
  data_locations: z
    .object({
      site: name,
      name,
      location_type: z.enum(LocationType),
      storage_type: z.enum(StorageType),
      active: z.boolean().default(true),
      priority: z.number().int().default(0),
      host: name.optional(),
      root_path: z.string().min(1).optional(),
      endpoint_url: z.string().url().optional(),
      bucket: name.optional(),
      region: name.optional(),
      credentials_env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the name of an environment variable, never a secret')
        .optional(),
      library: name.optional(),
    })
    .strict()
    .superRefine((l, ctx) => {
      const required = { disk: ['root_path'], s3: ['bucket'], tape: ['library'] }[l.storage_type] as (keyof typeof l)[];
      for (const field of required) {
        if (l[field] === undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${l.storage_type} storage` });
      }
    }),
  data_transfer_routes: z
    .object({
      name,
      origin_site: name,
      destination_site: name,
      route_type: z.enum(RouteType),
      method: z.enum(TransferMethod),
      relay_site: name.optional(),
      origin_location: name.optional(),
      destination_location: name.optional(),
      active: z.boolean().default(true),
    })
    .strict()
    .superRefine((r, ctx) => {
      if (r.origin_site === r.destination_site) {
        ctx.addIssue({ code: 'custom', path: ['destination_site'], message: 'must differ from origin_site' });
      }
      if (r.route_type === RouteType.RELAY && !r.relay_site) {
        ctx.addIssue({ code: 'custom', path: ['relay_site'], message: 'is required for a relay route' });
      }
      if (r.route_type === RouteType.CUSTOM && !(r.origin_location && r.destination_location)) {
        ctx.addIssue({
          code: 'custom',
          path: [r.origin_location ? 'destination_location' : 'origin_location'],
          message: 'is required for a custom route',
        });
      }
    }),
  observing_programs: z
    .object({
      short_name: name,
      name,
      description: text,
      sub_programs: z.array(z.object({ short_name: name, name }).strict()).default([]),
    })
    .strict(),
  obs_modes: z.object({ name, description: text }).strict(),
  roles: z
    .object({
      name,
      description: text,
      permissions: z.array(z.string().regex(/^[a-z_]+:[a-z_]+$/, 'must look like action:resource')).default([]),
    })
    .strict(),
};

export type SeedKind = keyof typeof seedSchemas;
export type SeedEntry<K extends SeedKind> = z.infer<(typeof seedSchemas)[K]>;

/** Load order: every file refers only to kinds before it. */
export const SEED_ORDER: SeedKind[] = [
  'observatories',
  'telescopes',
  'instruments',
  'instrument_modules',
  'sites',
  'data_locations',
  'data_transfer_routes',
  'observing_programs',
  'obs_modes',
  'roles',
];
