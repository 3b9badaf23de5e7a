import sql, { empty } from 'sql-template-tag';
import type { TelescopeDetail, TelescopeView } from '../../services/telescopes.js';
import { observatoryId, telescopeId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const TELESCOPE_SELECT = sql`select t.name, o.name as observatory, t.description,
    t.latitude_deg as latitude, t.longitude_deg as longitude, t.altitude_m as altitude,
    t.created_at as "createdAt", t.updated_at as "updatedAt"
  from telescope t join observatory o on o.id = t.observatory_id`;

/** The telescopes by name, of one observatory if given (exit 4 with the nearest name when unknown). */
export async function listTelescopes(db: Queryable, filter: { observatory?: string } = {}): Promise<TelescopeView[]> {
  const where = filter.observatory ? sql`where o.id = ${await observatoryId(db, filter.observatory)}` : empty;
  return rows<TelescopeView>(db, sql`${TELESCOPE_SELECT} ${where} order by t.name`);
}

/** A telescope with its instruments and their modules; exit 4 with the nearest name when there is none. */
export async function showTelescope(db: Queryable, name: string): Promise<TelescopeDetail> {
  const id = await telescopeId(db, name);
  const telescope = (await one<TelescopeView>(db, sql`${TELESCOPE_SELECT} where t.id = ${id}`))!;
  const instruments = await rows<TelescopeDetail['instruments'][number]>(
    db,
    sql`select i.name, i.instrument_type as type, i.available,
          array(select m.name from instrument_module m where m.instrument_id = i.id order by m.name) as modules
        from instrument i where i.telescope_id = ${id} order by i.name`,
  );
  return { ...telescope, instruments };
}
