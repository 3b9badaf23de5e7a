import { describeTarget, targetHost, type ConnectionTarget } from '../config/connection.js';
import { Busy, OpsError, Unavailable } from '../errors.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The connection was lost after it was made (reset, closed, server shutting down or restarting). */
const LOST = new Set([
  'ECONNRESET',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001',
  '08003',
  '08004',
  '08006', // connection_failure
]);

/** What the codes of a lost connection mean, for people. */
const LOST_WORDS: Record<string, string> = {
  ECONNRESET: 'reset',
  EPIPE: 'closed',
  '57P01': 'the server ended the session',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'too many connections',
};

/**
 * The driver's words for a lost connection: ended under a query, or found ended by the next query
 * (the server ended it while the client was idle, between two looks of `staging wait`).
 */
const LOST_MESSAGE =
  /Connection terminated unexpectedly|Connection terminated$|Client has encountered a connection error and is not queryable/i;

/**
 * Turns a driver error about the connection (cannot connect, lost it, timed out) into a one-line
 * domain error, or undefined if it is not one.
 */
export function connectionError(err: unknown, target: ConnectionTarget): OpsError | undefined {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  const message = e.message ?? '';
  const where = targetHost(target);
  const from = `(${target.source})`;
  if (
    (code && UNREACHABLE.has(code)) ||
    /timeout expired|Connection terminated due to connection timeout/i.test(message)
  ) {
    return new Unavailable(`cannot reach PostgreSQL at ${where} ${from}: ${code ?? 'connection timed out'}`, [
      'check that the server is running and the host and port are right; `ccat-ops doctor` shows what is configured',
    ]);
  }
  if ((code && LOST.has(code)) || LOST_MESSAGE.test(message)) {
    const why = code
      ? `${LOST_WORDS[code] ?? 'connection failure'} (${code})`
      : /not queryable/.test(message)
        ? 'it had been ended'
        : message;
    return new Unavailable(`lost the connection to PostgreSQL at ${where} ${from}: ${why}`, [
      'check that the server is up (it may be restarting) and try again; `ccat-ops doctor` shows what is configured',
    ]);
  }
  if (code === '57014' && /statement timeout/i.test(message)) {
    return new Unavailable(`PostgreSQL at ${where} ${from} did not answer within the statement time-out`, [
      'the server may be overloaded or a lock held; try again later, or raise CCAT_OPS_STATEMENT_TIMEOUT (seconds)',
    ]);
  }
  if ((code === '40001' || code === '40P01') && /conflict with recovery/i.test(message)) {
    // A standby cancels a query whose rows the replay of the primary's WAL must remove or lock.
    return new Busy(
      `the read replica at ${where} ${from} cancelled the query: it conflicted with replaying the primary's changes`,
      [
        'run it again, or read from the primary with --primary; a standby with a larger max_standby_streaming_delay (or hot_standby_feedback on) cancels fewer queries',
      ],
    );
  }
  if (code === '28P01' || code === '28000') {
    return new Unavailable(
      `PostgreSQL at ${where} refused the login for ${describeTarget(target)}: authentication failed`,
      ['check the user and password in your configuration'],
    );
  }
  if (code === '42P01') {
    return new OpsError(`the database has no ccat-ops schema yet (${message})`, [
      'create it with `ccat-ops db init` (or apply pending migrations with `ccat-ops db migrate`)',
    ]);
  }
  if (code === '3D000') {
    return new Unavailable(`database does not exist: ${describeTarget(target)}`, ['create it with `ccat-ops db init`']);
  }
  return undefined;
}
