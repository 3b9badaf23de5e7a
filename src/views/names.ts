import sql, { empty, type Sql } from 'sql-template-tag';
import { NotFound, UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { parseLocationKey } from '../registry/location-key.js';
import { one, rows, type Queryable } from './queryable.js';
import { looksLikeId, resolveId } from './short-id.js';

/**
 * Natural keys → ids for the on-call views' filters. Unknown names are exit 4 with the nearest
 * existing name, as everywhere else.
 */

/**
 * The id `found` by a lookup, or exit 4 naming `what` and the nearest of the keys `candidates`
 * lists (read only when the lookup failed).
 */
async function idOrNotFound(
  db: Queryable,
  lookup: Sql,
  candidates: Sql,
  what: string,
  key: string,
  listCommand: string,
): Promise<number> {
  const found = await one<{ id: number }>(db, lookup);
  if (found) return found.id;
  throw notFound(what, key, await candidateKeys(db, candidates), listCommand);
}

/**
 * The keys a not-found error picks the nearest from (`candidates` selects them as `k`): each once,
 * in name order as the services' name lists, so the nearest of equally near names is always the same.
 */
async function candidateKeys(db: Queryable, candidates: Sql): Promise<string[]> {
  return (await rows<{ k: string }>(db, sql`select distinct k from (${candidates}) c order by k`)).map((r) => r.k);
}

export async function observatoryId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from observatory where name = ${name}`,
    sql`select name as k from observatory`,
    'observatory',
    name,
    'observatory list',
  );
}

export async function telescopeId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from telescope where name = ${name}`,
    // In name order, as the services' `findTelescope` (`telescopeNames`): the first of equally near names is the hint.
    sql`select name as k from telescope order by name`,
    'telescope',
    name,
    'telescope list',
  );
}

/**
 * The instruments named `name` (on `telescope` when given: exit 4 when that is unknown), by telescope
 * name; none is exit 4 with the nearest instrument name.
 */
export async function instrumentsNamed(
  db: Queryable,
  name: string,
  telescope?: string,
): Promise<{ id: number; telescope: string }[]> {
  const on = telescope === undefined ? undefined : await telescopeId(db, telescope);
  const found = await rows<{ id: number; telescope: string }>(
    db,
    sql`select i.id, t.name as telescope from instrument i join telescope t on t.id = i.telescope_id
         where i.name = ${name} ${on === undefined ? empty : sql`and i.telescope_id = ${on}`}
         order by t.name`,
  );
  if (found.length) return found;
  throw notFound(
    on === undefined ? 'instrument' : `instrument on ${telescope} named`,
    name,
    await candidateKeys(
      db,
      sql`select name as k from instrument ${on === undefined ? empty : sql`where telescope_id = ${on}`}`,
    ),
    on === undefined ? 'instrument list' : `instrument list --telescope '${telescope}'`,
  );
}

/**
 * The instrument `name`: without a telescope the name must be on one telescope only (exit 2 asking
 * for --telescope otherwise); unknown: exit 4 with the nearest name.
 */
export async function instrumentId(db: Queryable, name: string, telescope?: string): Promise<number> {
  const found = await instrumentsNamed(db, name, telescope);
  if (found.length > 1) {
    const on = found.map((i) => i.telescope);
    throw new UsageError(
      `instrument '${name}' is on several telescopes (${on.join(', ')}); say which with --telescope`,
      [`add --telescope '${on[0]}'`],
    );
  }
  return found[0].id;
}

/**
 * The module `key.name` of `module show`: the instrument (and telescope) narrow it down; still
 * ambiguous is exit 2 asking for them; unknown: exit 4 with the nearest name.
 */
export async function moduleKeyId(
  db: Queryable,
  key: { name: string; instrument?: string; telescope?: string },
): Promise<number> {
  let scope: Sql | undefined;
  let candidates = sql`select name as k from instrument_module`;
  if (key.instrument !== undefined) {
    const instrument = await instrumentId(db, key.instrument, key.telescope);
    scope = sql`m.instrument_id = ${instrument}`;
    candidates = sql`select name as k from instrument_module where instrument_id = ${instrument}`;
  } else if (key.telescope !== undefined) {
    const telescope = await telescopeId(db, key.telescope);
    scope = sql`i.telescope_id = ${telescope}`;
    candidates = sql`select m.name as k from instrument_module m join instrument i on i.id = m.instrument_id
                      where i.telescope_id = ${telescope}`;
  }
  const found = await rows<{ id: number; instrument: string; telescope: string }>(
    db,
    sql`select m.id, i.name as instrument, t.name as telescope
          from instrument_module m join instrument i on i.id = m.instrument_id join telescope t on t.id = i.telescope_id
         where m.name = ${key.name} ${scope ? sql`and ${scope}` : empty}
         order by t.name, i.name`,
  );
  if (found.length === 1) return found[0].id;
  if (found.length > 1) {
    const where = found.map((m) => `${m.instrument} on ${m.telescope}`);
    throw new UsageError(
      `module '${key.name}' belongs to several instruments (${where.join(', ')}); say which with --instrument and --telescope`,
      [`add --instrument '${found[0].instrument}' --telescope '${found[0].telescope}'`],
    );
  }
  const list = [
    'module list',
    key.telescope && `--telescope '${key.telescope}'`,
    key.instrument && `--instrument '${key.instrument}'`,
  ];
  throw notFound('module', key.name, await candidateKeys(db, candidates), list.filter(Boolean).join(' '));
}

export async function siteId(db: Queryable, shortName: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from site where short_name = ${shortName}`,
    sql`select short_name as k from site`,
    'site',
    shortName,
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
  const candidates = sql`select s.short_name || '/' || l.name as k from data_location l join site s on s.id = l.site_id`;
  throw notFound('location', key, await candidateKeys(db, candidates), 'location list');
}

/** `--origin`/`--destination`: a site (`cologne`) means any of its locations; `SITE/NAME` one location. */
export async function siteOrLocationIds(db: Queryable, key: string, flag: string): Promise<number[]> {
  if (key.includes('/')) return [await locationId(db, key, flag)];
  const site = await siteId(db, key);
  return (await rows<{ id: number }>(db, sql`select id from data_location where site_id = ${site}`)).map((r) => r.id);
}

export async function routeId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from data_transfer_route where name = ${name}`,
    sql`select name as k from data_transfer_route`,
    'route',
    name,
    'route list',
  );
}

/** `what` names it in the error: `programme` in the on-call filters, `program` in the registry's commands. */
export async function programId(db: Queryable, shortName: string, what = 'programme'): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from observing_program where short_name = ${shortName}`,
    sql`select short_name as k from observing_program`,
    what,
    shortName,
    'program list',
  );
}

export async function obsUnitId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from obs_unit where name = ${name}`,
    sql`select name as k from obs_unit`,
    'obs unit',
    name,
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
  // `--module LFX` is closest to a bare name (`LFA`), `--module CHAI/LFX` to a full one.
  const candidates =
    instrument === undefined
      ? sql`select name as k from instrument_module`
      : sql`select i.name || '/' || m.name as k from instrument_module m join instrument i on i.id = m.instrument_id`;
  throw notFound('module', key, await candidateKeys(db, candidates), 'module list');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** `--executed ID`: the full id of the execution whose id is ID or starts with it (see `resolveId`). */
export async function executedId(db: Queryable, id: string, flag = 'executed'): Promise<string> {
  return resolveId(db, 'executed', id, flag);
}

/**
 * A raw data package by name, id or id prefix (`--package`, `package show`): exit 4 unless it exists,
 * with the nearest name among those next to it in name order (not every name: there are millions).
 */
export async function packageId(db: Queryable, key: string): Promise<string> {
  if (isUuid(key)) return resolveId(db, 'package', key);
  const found = await one<{ id: string }>(db, sql`select id from raw_data_package where name = ${key}`);
  if (found) return found.id;
  if (looksLikeId(key)) {
    // No package has that name: an id prefix, unless no id starts with it either (then a mistyped name).
    const byId = await resolveId(db, 'package', key).catch((err: unknown) => {
      if (err instanceof NotFound) return undefined;
      throw err;
    });
    if (byId) return byId;
  }
  // The names around it in index order (both sides): cheap however many packages there are, and a
  // typo after the first few characters sorts next to the name that was meant.
  const near = sql`(select name as k from raw_data_package where name > ${key} order by name limit 500)
                   union all
                   (select name as k from raw_data_package where name < ${key} order by name desc limit 500)`;
  throw notFound('raw data package', key, await candidateKeys(db, near), 'package list');
}

export async function sourceId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from source where name = ${name}`,
    sql`select name as k from source`,
    'source',
    name,
    'source list',
  );
}

export async function userId(db: Queryable, username: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from "user" where username = ${username}`,
    sql`select username as k from "user"`,
    'user',
    username,
    'user list',
  );
}

export async function roleId(db: Queryable, name: string): Promise<number> {
  return idOrNotFound(
    db,
    sql`select id from role where name = ${name}`,
    sql`select name as k from role`,
    'role',
    name,
    'role list',
  );
}
