import sql, { empty } from 'sql-template-tag';
import type { SourceType } from '../../../entities/enums.js';
import type { SourceDetail, SourceView } from '../../services/sources.js';
import { sourceId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const SOURCE_SELECT = sql`select s.name, s.source_type as type, s.ra_deg as ra, s.dec_deg as dec,
    s.ephemeris_name as ephemeris, s.ra_min_deg as "raMin", s.ra_max_deg as "raMax",
    s.dec_min_deg as "decMin", s.dec_max_deg as "decMax", s.elevation_deg as elevation,
    s.created_at as "createdAt", s.updated_at as "updatedAt"
  from source s`;

/** The sources by name, of one type if given. */
export async function listSources(db: Queryable, filter: { type?: SourceType } = {}): Promise<SourceView[]> {
  const where = filter.type ? sql`where s.source_type = ${filter.type}` : empty;
  return rows<SourceView>(db, sql`${SOURCE_SELECT} ${where} order by s.name`);
}

/** A source with the obs units that observe it; exit 4 with the nearest name when there is none. */
export async function showSource(db: Queryable, name: string): Promise<SourceDetail> {
  const id = await sourceId(db, name);
  const source = (await one<SourceView>(db, sql`${SOURCE_SELECT} where s.id = ${id}`))!;
  const units = await rows<{ name: string }>(db, sql`select name from obs_unit where source_id = ${id} order by name`);
  return { ...source, obsUnits: units.map((u) => u.name) };
}
