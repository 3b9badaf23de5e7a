import sql from 'sql-template-tag';
import type { ObservatoryDetail, ObservatoryView } from '../../services/observatories.js';
import { observatoryId } from '../names.js';
import { one, rows, type Queryable } from '../queryable.js';

const OBSERVATORY_SELECT = sql`select o.name, o.description, o.created_at as "createdAt", o.updated_at as "updatedAt"
  from observatory o`;

export async function listObservatories(db: Queryable): Promise<ObservatoryView[]> {
  return rows<ObservatoryView>(db, sql`${OBSERVATORY_SELECT} order by o.name`);
}

/** An observatory with its telescopes; exit 4 with the nearest name when there is none. */
export async function showObservatory(db: Queryable, name: string): Promise<ObservatoryDetail> {
  const id = await observatoryId(db, name);
  const observatory = (await one<ObservatoryView>(db, sql`${OBSERVATORY_SELECT} where o.id = ${id}`))!;
  const telescopes = await rows<{ name: string }>(
    db,
    sql`select name from telescope where observatory_id = ${id} order by name`,
  );
  return { ...observatory, telescopes: telescopes.map((t) => t.name) };
}
