import sql from 'sql-template-tag';
import { NotFound, UsageError } from '../errors.js';
import { isBigintId } from '../validation/ranges.js';
import { one, rows, type Queryable } from './queryable.js';
import { TRANSFER_SELECT, type TransferRow } from './transfer-list.js';

export interface TransferLogEntry {
  createdAt: Date;
  message: string;
  logPath: string | null;
}

export interface TransferDetail extends TransferRow {
  /** The raw data packages the bundle carries. */
  packages: string[];
  log: TransferLogEntry[];
}

/** Exit 2 unless `id` can be a transfer id (a positive integer within bigint). */
export function transferId(id: string): string {
  if (!isBigintId(id)) {
    throw new UsageError(`'${id}' is not a transfer id (a number, as in \`transfer list\`)`, [
      'copy the id from `ccat-ops transfer list`',
    ]);
  }
  return id;
}

/** One transfer with its packages and log entries (newest first); exit 4 when there is none. */
export async function showTransfer(db: Queryable, id: string): Promise<TransferDetail> {
  const transfer = await one<TransferRow>(db, sql`${TRANSFER_SELECT} where t.id = ${transferId(id)}::bigint`);
  if (!transfer) throw new NotFound(`no transfer ${id}`, ['list them with `ccat-ops transfer list`']);
  const packages = await rows<{ name: string }>(
    db,
    sql`select rp.name from raw_data_package rp
         where rp.data_transfer_package_id = (select data_transfer_package_id from data_transfer where id = ${id}::bigint)
         order by rp.name`,
  );
  const log = await rows<TransferLogEntry>(
    db,
    sql`select created_at as "createdAt", message, log_path as "logPath" from data_transfer_log
         where data_transfer_id = ${id}::bigint order by created_at desc, id desc`,
  );
  return { ...transfer, packages: packages.map((p) => p.name), log };
}
