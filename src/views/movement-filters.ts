import sql, { raw, type Sql } from 'sql-template-tag';
import type { Status } from '../../entities/enums.js';
import { siteOrLocationIds } from './names.js';
import type { Queryable } from './queryable.js';

/** The filters transfers and archive transfers share: status, both ends, creation time, stuck. */
export interface MovementFilter {
  status?: Status[];
  /** A site short name (any of its locations) or `SITE/NAME`. */
  origin?: string;
  destination?: string;
  since?: Date;
  until?: Date;
  /** Not completed and not updated for this long (ms). */
  stuckForMs?: number;
}

/** The filters as conditions on the table aliased `alias` (names resolved first: unknown ones exit 4). */
export async function movementConditions(
  db: Queryable,
  alias: string,
  filter: MovementFilter,
  now = new Date(),
): Promise<Sql[]> {
  const col = (name: string) => raw(`${alias}.${name}`);
  const where: Sql[] = [];
  if (filter.status?.length) where.push(sql`${col('status')} = any(${filter.status}::text[])`);
  if (filter.origin !== undefined) {
    const ids = await siteOrLocationIds(db, filter.origin, 'origin');
    where.push(sql`${col('origin_location_id')} = any(${ids}::int[])`);
  }
  if (filter.destination !== undefined) {
    const ids = await siteOrLocationIds(db, filter.destination, 'destination');
    where.push(sql`${col('destination_location_id')} = any(${ids}::int[])`);
  }
  if (filter.since) where.push(sql`${col('created_at')} >= ${filter.since}`);
  if (filter.until) where.push(sql`${col('created_at')} < ${filter.until}`);
  if (filter.stuckForMs !== undefined) {
    where.push(sql`${col('status')} <> 'completed'`);
    where.push(sql`${col('updated_at')} < ${new Date(now.getTime() - filter.stuckForMs)}`);
  }
  return where;
}
