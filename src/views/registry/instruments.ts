import sql, { empty, join, type Sql } from 'sql-template-tag';
import type { InstrumentDetail, InstrumentView } from '../../services/instruments.js';
import { instrumentId, telescopeId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const INSTRUMENT_SELECT = sql`select i.name, t.name as telescope, i.instrument_type as type, i.description, i.available,
    i.created_at as "createdAt", i.updated_at as "updatedAt"
  from instrument i join telescope t on t.id = i.telescope_id`;

/**
 * The instruments by name (then telescope), of one telescope if given (exit 4 with the nearest name
 * when unknown), available or not if asked.
 */
export async function listInstruments(
  db: Queryable,
  filter: { telescope?: string; available?: boolean } = {},
): Promise<InstrumentView[]> {
  const where: Sql[] = [];
  if (filter.telescope !== undefined) where.push(sql`i.telescope_id = ${await telescopeId(db, filter.telescope)}`);
  if (filter.available !== undefined) where.push(sql`i.available = ${filter.available}`);
  const clause = where.length ? sql`where ${join(where, ' and ')}` : empty;
  return rows<InstrumentView>(db, sql`${INSTRUMENT_SELECT} ${clause} order by i.name, t.name`);
}

/**
 * An instrument with its modules. Without a telescope the name must be on one telescope only (exit 2
 * otherwise); unknown: exit 4 with the nearest name.
 */
export async function showInstrument(db: Queryable, name: string, telescope?: string): Promise<InstrumentDetail> {
  const id = await instrumentId(db, name, telescope);
  const instrument = (await one<InstrumentView>(db, sql`${INSTRUMENT_SELECT} where i.id = ${id}`))!;
  const modules = await rows<InstrumentDetail['modules'][number]>(
    db,
    sql`select name, pixels, freq_min_ghz as "freqMin", freq_max_ghz as "freqMax", available
          from instrument_module where instrument_id = ${id} order by name`,
  );
  return { ...instrument, modules };
}
