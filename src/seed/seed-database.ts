import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DataLocationSchema,
  DataTransferRouteSchema,
  InstrumentModuleSchema,
  InstrumentSchema,
  ObsModeSchema,
  ObservatorySchema,
  ObservingProgramSchema,
  PermissionSchema,
  RoleSchema,
  SiteSchema,
  SubObservingProgramSchema,
  TelescopeSchema,
} from '../../entities/index.js';
import { LOCK_KEYS } from '../db/advisory-lock.js';
import { BUNDLED_SEED_DIR, loadSeed, seedError, type Located } from './load-seed.js';
import { SEED_ORDER, type SeedKind } from './seed-files.js';

export interface SeedResult {
  dir: string;
  /** Rows added by this run. */
  created: number;
  /** Entries that were already in the database (left as they are). */
  existing: number;
  byKind: Record<SeedKind, { created: number; existing: number }>;
}

/** One line for people: what the seed did. */
export function describeSeed(r: SeedResult): string {
  if (r.created === 0) return `Reference data already present (${r.existing} entries checked): nothing added.`;
  const parts = SEED_ORDER.filter((k) => r.byKind[k].created).map(
    (k) => `${r.byKind[k].created} ${k.replaceAll('_', ' ')}`,
  );
  return `Seeded ${parts.join(', ')}${r.existing ? `; ${r.existing} already present` : ''}.`;
}

/** Natural key → entity, for what is in the database plus what this run creates. */
class Registry<T> {
  private byKey = new Map<string, T>();
  private seenAt = new Map<string, number>();
  constructor(rows: T[], key: (row: T) => string) {
    for (const r of rows) this.byKey.set(key(r), r);
  }
  get(key: string): T | undefined {
    return this.byKey.get(key);
  }
  /** Rows created by this run are not `Loaded` in the ORM's typing, but are complete. */
  set(key: string, row: unknown): void {
    this.byKey.set(key, row as T);
  }
  /** Records that a seed entry used `key`; returns the earlier entry's index if one already did. */
  claim(key: string, index: number): number | undefined {
    const earlier = this.seenAt.get(key);
    this.seenAt.set(key, index);
    return earlier;
  }
}

/**
 * Adds the reference data of `dir` (the bundled `data/` by default) that is not in the database yet,
 * in one transaction. Every file is validated before anything is written; any bad entry rolls back
 * the whole run. Existing rows (same natural key) are left untouched.
 */
export async function seedDatabase(em: EntityManager, dir = BUNDLED_SEED_DIR): Promise<SeedResult> {
  const seed = loadSeed(dir);
  const byKind = Object.fromEntries(SEED_ORDER.map((k) => [k, { created: 0, existing: 0 }])) as SeedResult['byKind'];

  await em.transactional(async (tx) => {
    // Concurrent seeds (several `db init` at once) take turns, so each sees what the previous added.
    await tx.execute('select pg_advisory_xact_lock(?)', [LOCK_KEYS.seed]);
    const observatories = new Registry(await tx.find(ObservatorySchema, {}), (o) => o.name);
    const telescopes = new Registry(await tx.find(TelescopeSchema, {}), (t) => t.name);
    const instruments = new Registry(
      await tx.find(InstrumentSchema, {}, { populate: ['telescope'] }),
      (i) => `${i.telescope.$.name}/${i.name}`,
    );
    const modules = new Registry(
      await tx.find(InstrumentModuleSchema, {}, { populate: ['instrument.telescope'] }),
      (m) => `${m.instrument.$.telescope.$.name}/${m.instrument.$.name}/${m.name}`,
    );
    const sites = new Registry(await tx.find(SiteSchema, {}), (s) => s.shortName);
    const locations = new Registry(
      await tx.find(DataLocationSchema, {}, { populate: ['site'] }),
      (l) => `${l.site.$.shortName}/${l.name}`,
    );
    const routes = new Registry(await tx.find(DataTransferRouteSchema, {}), (r) => r.name);
    const programs = new Registry(await tx.find(ObservingProgramSchema, {}), (p) => p.shortName);
    const subPrograms = new Registry(
      await tx.find(SubObservingProgramSchema, {}, { populate: ['observingProgram'] }),
      (s) => `${s.observingProgram.$.shortName}/${s.shortName}`,
    );
    const obsModes = new Registry(await tx.find(ObsModeSchema, {}), (m) => m.name);
    const roles = new Registry(await tx.find(RoleSchema, {}), (r) => r.name);
    const permissions = new Registry(await tx.find(PermissionSchema, {}), (p) => p.name);

    /** Adds one entry unless its natural key exists; fails on a key used twice in the seed. */
    const upsert = <T, E>(
      kind: SeedKind,
      reg: Registry<T>,
      item: Located<E>,
      key: string,
      keyField: string,
      make: () => T,
    ) => {
      const earlier = reg.claim(key, item.index);
      if (earlier !== undefined) {
        throw seedError(item.file, item.index, key, keyField, `duplicate of entry ${earlier + 1}`);
      }
      if (reg.get(key)) {
        byKind[kind].existing++;
        return;
      }
      reg.set(key, make());
      byKind[kind].created++;
    };
    const ref = <T>(
      reg: Registry<T>,
      item: Located<unknown>,
      label: string,
      field: string,
      key: string,
      what: string,
    ): T => {
      const found = reg.get(key);
      if (!found)
        throw seedError(
          item.file,
          item.index,
          label,
          field,
          `no ${what} (not in the database nor earlier in the seed)`,
        );
      return found;
    };

    for (const item of seed.observatories) {
      const e = item.entry;
      upsert('observatories', observatories, item, e.name, 'name', () =>
        tx.create(ObservatorySchema, { name: e.name, description: e.description }),
      );
    }
    for (const item of seed.telescopes) {
      const e = item.entry;
      const observatory = ref(
        observatories,
        item,
        e.name,
        'observatory',
        e.observatory,
        `observatory '${e.observatory}'`,
      );
      upsert('telescopes', telescopes, item, e.name, 'name', () =>
        tx.create(TelescopeSchema, {
          name: e.name,
          observatory,
          description: e.description,
          latitudeDeg: e.latitude_deg,
          longitudeDeg: e.longitude_deg,
          altitudeM: e.altitude_m,
        }),
      );
    }
    for (const item of seed.instruments) {
      const e = item.entry;
      const telescope = ref(telescopes, item, e.name, 'telescope', e.telescope, `telescope '${e.telescope}'`);
      upsert('instruments', instruments, item, `${e.telescope}/${e.name}`, 'name', () =>
        tx.create(InstrumentSchema, {
          name: e.name,
          telescope,
          instrumentType: e.instrument_type,
          description: e.description,
          available: e.available,
        }),
      );
    }
    for (const item of seed.instrument_modules) {
      const e = item.entry;
      const instrument = ref(
        instruments,
        item,
        e.name,
        'instrument',
        `${e.telescope}/${e.instrument}`,
        `instrument '${e.instrument}' on telescope '${e.telescope}'`,
      );
      upsert('instrument_modules', modules, item, `${e.telescope}/${e.instrument}/${e.name}`, 'name', () =>
        tx.create(InstrumentModuleSchema, {
          name: e.name,
          instrument,
          description: e.description,
          pixels: e.pixels,
          freqMinGhz: e.freq_min_ghz,
          freqMaxGhz: e.freq_max_ghz,
          available: e.available,
        }),
      );
    }
    for (const item of seed.sites) {
      const e = item.entry;
      upsert('sites', sites, item, e.short_name, 'short_name', () =>
        tx.create(SiteSchema, {
          shortName: e.short_name,
          name: e.name,
          description: e.description,
          geographicLocation: e.geographic_location,
        }),
      );
    }
    for (const item of seed.data_locations) {
      const e = item.entry;
      const site = ref(sites, item, e.name, 'site', e.site, `site '${e.site}'`);
      upsert('data_locations', locations, item, `${e.site}/${e.name}`, 'name', () =>
        tx.create(DataLocationSchema, {
          site,
          name: e.name,
          locationType: e.location_type,
          storageType: e.storage_type,
          active: e.active,
          priority: e.priority,
          host: e.host,
          rootPath: e.root_path,
          endpointUrl: e.endpoint_url,
          bucket: e.bucket,
          region: e.region,
          credentialsEnv: e.credentials_env,
          library: e.library,
        }),
      );
    }
    for (const item of seed.data_transfer_routes) {
      const e = item.entry;
      const site = (field: string, name?: string) =>
        name ? ref(sites, item, e.name, field, name, `site '${name}'`) : undefined;
      const location = (field: string, siteName: string, name?: string) =>
        name
          ? ref(locations, item, e.name, field, `${siteName}/${name}`, `location '${name}' at site '${siteName}'`)
          : undefined;
      const originSite = site('origin_site', e.origin_site)!;
      const destinationSite = site('destination_site', e.destination_site)!;
      const relaySite = site('relay_site', e.relay_site);
      const originLocation = location('origin_location', e.origin_site, e.origin_location);
      const destinationLocation = location('destination_location', e.destination_site, e.destination_location);
      upsert('data_transfer_routes', routes, item, e.name, 'name', () =>
        tx.create(DataTransferRouteSchema, {
          name: e.name,
          originSite,
          destinationSite,
          relaySite,
          originLocation,
          destinationLocation,
          routeType: e.route_type,
          method: e.method,
          active: e.active,
        }),
      );
    }
    for (const item of seed.observing_programs) {
      const e = item.entry;
      upsert('observing_programs', programs, item, e.short_name, 'short_name', () =>
        tx.create(ObservingProgramSchema, { shortName: e.short_name, name: e.name, description: e.description }),
      );
      const program = programs.get(e.short_name)!;
      for (const sub of e.sub_programs) {
        const key = `${e.short_name}/${sub.short_name}`;
        if (subPrograms.get(key)) continue;
        subPrograms.set(
          key,
          tx.create(SubObservingProgramSchema, {
            observingProgram: program,
            shortName: sub.short_name,
            name: sub.name,
          }),
        );
      }
    }
    for (const item of seed.obs_modes) {
      const e = item.entry;
      upsert('obs_modes', obsModes, item, e.name, 'name', () =>
        tx.create(ObsModeSchema, { name: e.name, description: e.description }),
      );
    }
    for (const item of seed.roles) {
      const e = item.entry;
      upsert('roles', roles, item, e.name, 'name', () => {
        const role = tx.create(RoleSchema, { name: e.name, description: e.description });
        for (const name of e.permissions) {
          let permission = permissions.get(name);
          if (!permission) {
            permission = tx.create(PermissionSchema, { name });
            permissions.set(name, permission);
          }
          role.permissions.add(permission);
        }
        return role;
      });
    }
  });

  const total = (f: 'created' | 'existing') => SEED_ORDER.reduce((n, k) => n + byKind[k][f], 0);
  return { dir, created: total('created'), existing: total('existing'), byKind };
}
