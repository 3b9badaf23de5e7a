import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { ModuleKey, ModuleView } from '../../services/instrument-modules.js';
import { instrumentsNamed, moduleKeyId, telescopeId } from '../names.js';
import { rows, type Queryable } from '../queryable.js';

const MODULE_SELECT = sql`select m.name, i.name as instrument, t.name as telescope, m.description, m.pixels,
    m.freq_min_ghz as "freqMin", m.freq_max_ghz as "freqMax", m.available,
    m.created_at as "createdAt", m.updated_at as "updatedAt"
  from instrument_module m
    join instrument i on i.id = m.instrument_id
    join telescope t on t.id = i.telescope_id`;

export interface ModuleFilter {
  telescope?: string;
  /** Every instrument of that name (on the telescope, when given); none is exit 4. */
  instrument?: string;
  available?: boolean;
}

/** The modules by name (then telescope and instrument); an unknown telescope or instrument is exit 4. */
export async function listModules(db: Queryable, filter: ModuleFilter = {}): Promise<ModuleView[]> {
  const where: Sql[] = [];
  if (filter.instrument !== undefined) {
    const instruments = await instrumentsNamed(db, filter.instrument, filter.telescope);
    where.push(sql`m.instrument_id = any(${instruments.map((i) => i.id)})`);
  } else if (filter.telescope !== undefined) {
    where.push(sql`i.telescope_id = ${await telescopeId(db, filter.telescope)}`);
  }
  if (filter.available !== undefined) where.push(sql`m.available = ${filter.available}`);
  const clause = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return rows<ModuleView>(db, sql`${MODULE_SELECT} ${clause} order by m.name, t.name, i.name`);
}

/** A module by its key; ambiguous is exit 2, unknown exit 4 with the nearest name. */
export async function showModule(db: Queryable, key: ModuleKey): Promise<ModuleView> {
  const id = await moduleKeyId(db, key);
  return (await rows<ModuleView>(db, sql`${MODULE_SELECT} where m.id = ${id}`))[0];
}
