import { describeTarget, targetHost, type ConnectionTarget } from '../config/connection.js';
import { OpsError, Unavailable } from '../errors.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/** Turns a driver error met while connecting into a one-line domain error, or undefined if it is not one. */
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
