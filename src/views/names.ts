import sql from 'sql-template-tag';
import { UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { parseLocationKey } from '../registry/location-key.js';
import { one, rows, type Queryable } from './queryable.js';

/**
 * Natural keys → ids for the on-call views' filters. Unknown names are exit 4 with the nearest
 * existing name, as everywhere else.
 */

export async function siteId(db: Queryable, shortName: string): Promise<number> {
  const found = await one<{ id: number }>(db, sql`select id from site where short_name = ${shortName}`);
  if (found) return found.id;
  const all = await rows<{ k: string }>(db, sql`select short_name as k from site`);
  throw notFound(
    'site',
    shortName,
    all.map((r) => r.k),
    'site list',
  );
}

export async function locationId(db: Queryable, key: string, flag?: string): Promise<number> {
  const { site, name } = parseLocationKey(key, flag);
  const found = await one<{ id: number }>(
    db,
    sql`select l.id from data_location l join site s on s.id = l.site_id where s.short_name = ${site} and l.name = ${name}`,
  );
  if (found) return found.id;
  await siteId(db, site);
  const all = await rows<{ k: string }>(
    db,
    sql`select s.short_name || '/' || l.name as k from data_location l join site s on s.id = l.site_id`,
  );
  throw notFound(
    'location',
    key,
    all.map((r) => r.k),
    'location list',
  );
}

/** `--origin`/`--destination`: a site (`cologne`) means any of its locations; `SITE/NAME` one location. */
export async function siteOrLocationIds(db: Queryable, key: string, flag: string): Promise<number[]> {
  if (key.includes('/')) return [await locationId(db, key, flag)];
  const site = await siteId(db, key);
  return (await rows<{ id: number }>(db, sql`select id from data_location where site_id = ${site}`)).map((r) => r.id);
}

export async function routeId(db: Queryable, name: string): Promise<number> {
  const found = await one<{ id: number }>(db, sql`select id from data_transfer_route where name = ${name}`);
  if (found) return found.id;
  const all = await rows<{ k: string }>(db, sql`select name as k from data_transfer_route`);
  throw notFound(
    'route',
    name,
    all.map((r) => r.k),
    'route list',
  );
}

export async function programId(db: Queryable, shortName: string): Promise<number> {
  const found = await one<{ id: number }>(db, sql`select id from observing_program where short_name = ${shortName}`);
  if (found) return found.id;
  const all = await rows<{ k: string }>(db, sql`select short_name as k from observing_program`);
  throw notFound(
    'programme',
    shortName,
    all.map((r) => r.k),
    'program list',
  );
}

export async function obsUnitId(db: Queryable, name: string): Promise<number> {
  const found = await one<{ id: number }>(db, sql`select id from obs_unit where name = ${name}`);
  if (found) return found.id;
  const all = await rows<{ k: string }>(db, sql`select name as k from obs_unit`);
  throw notFound(
    'obs unit',
    name,
    all.map((r) => r.k),
    'obs-unit list',
  );
}

/** `--module LFA` or `--module CHAI/LFA`; a name shared by several instruments needs the instrument. */
export async function moduleId(db: Queryable, key: string): Promise<number> {
  const slash = key.indexOf('/');
  const instrument = slash > 0 ? key.slice(0, slash) : undefined;
  const name = slash > 0 ? key.slice(slash + 1) : key;
  const found = await rows<{ id: number; instrument: string }>(
    db,
    sql`select m.id, i.name as instrument from instrument_module m join instrument i on i.id = m.instrument_id
         where m.name = ${name} and (${instrument ?? null}::text is null or i.name = ${instrument ?? null})`,
  );
  if (found.length === 1) return found[0].id;
  if (found.length > 1) {
    throw new UsageError(
      `--module: '${name}' is a module of several instruments (${found.map((f) => f.instrument).join(', ')}); write INSTRUMENT/MODULE`,
      [`--module ${found[0].instrument}/${name}`],
    );
  }
  const all = await rows<{ k: string }>(
    db,
    sql`select i.name || '/' || m.name as k from instrument_module m join instrument i on i.id = m.instrument_id`,
  );
  throw notFound(
    'module',
    key,
    all.map((r) => r.k),
    'module list',
  );
}
