import { constants } from 'node:fs';
import { access, lstat, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Gauge, Registry } from 'prom-client';
import { OpsError, UsageError } from '../errors.js';
import { FINDING_KINDS } from './run-ledger.js';
import type { RunSummary } from './audit-summary.js';

/**
 * Where `--metrics-file PATH` writes, checked before the audit starts (exit 2 with the reason): a
 * regular file, or a new one in an existing directory it may write in. A link is followed to the
 * file it points to (which is replaced, the link stays); anything else there (a directory, a FIFO,
 * a device, a socket, a link to nothing) is refused, never replaced.
 */
export async function metricsTarget(path: string): Promise<string> {
  const flag = '--metrics-file';
  if (path === '') throw new UsageError(`${flag}: give the path of the file to write`);
  const given = resolve(path);
  let target = given;
  const found = await lstat(given).catch(missingOnly);
  if (found?.isSymbolicLink()) {
    target = await realpath(given).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`${flag}: ${path} is a link to nothing that exists (${err.code ?? err.message})`, [
        'point it at the metrics file, or give the file itself',
      ]);
    });
  }
  const real = found?.isSymbolicLink() ? await stat(target).catch(missingOnly) : found;
  if (real?.isDirectory()) {
    throw new UsageError(`${flag}: ${path} is a directory; give a file in it (e.g. ${path}/ccat_audit.prom)`);
  }
  if (real && !real.isFile()) {
    throw new UsageError(`${flag}: ${path} is not a regular file (${kindOf(real)}); it is never replaced`, [
      'give the path of a regular file (the node exporter reads *.prom files of its textfile directory)',
    ]);
  }
  const dir = dirname(target);
  const parent = await stat(dir).catch(missingOnly);
  if (!parent) throw new UsageError(`${flag}: no such directory: ${dir}`, [`create it, or write the file elsewhere`]);
  if (!parent.isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
  await access(dir, constants.W_OK).catch(() => {
    throw new UsageError(`${flag}: cannot write in ${dir} (permission denied)`, [
      'write the file where this user may create files, or fix the directory’s permissions',
    ]);
  });
  return target;
}

/**
 * Prometheus text-format gauges of an audit for the node exporter's textfile collector, written to
 * a temporary file beside the target (same directory, same file system) and renamed over it, so the
 * exporter never reads half a file. The target is checked again first: what is no longer a regular
 * file is not replaced.
 */
export async function writeAuditMetrics(
  path: string,
  summary: RunSummary & { here: { seconds: number } },
): Promise<void> {
  const registry = new Registry();
  const labels = { location: summary.location, mode: summary.mode };
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({
      name: `ccat_ops_audit_${name}`,
      help,
      labelNames: ['location', 'mode', ...labelNames],
      registers: [registry],
    });
  gauge('checked_copies', 'Copies checked by the audit run.').set(labels, summary.checked);
  gauge('checked_bytes', 'Bytes read or sized by the audit run.').set(labels, summary.bytes);
  const findings = gauge('findings', 'Problems found by the audit run, by kind.', ['kind']);
  for (const kind of FINDING_KINDS) findings.set({ ...labels, kind }, summary.findings[kind]);
  gauge('duration_seconds', 'How long this audit process ran.').set(labels, summary.here.seconds);
  gauge('completed', '1 when the run checked everything it planned, 0 when it paused or is still going.').set(
    labels,
    summary.status === 'completed' ? 1 : 0,
  );
  gauge('last_run_timestamp_seconds', 'When this audit process ended (Unix time).').set(labels, Date.now() / 1000);
  const target = await metricsTarget(path);
  // Not *.prom, so the collector never reads it; `wx`: never through something already there.
  const tmp = `${target}.${process.pid}.tmp`;
  await unlink(tmp).catch(() => undefined); // left by a process of the same pid that was killed
  try {
    await writeFile(tmp, await registry.metrics(), { flag: 'wx', mode: 0o644 });
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new OpsError(`could not write the metrics file ${path}: ${e.code ?? e.message}`, [
      'the audit itself is recorded (`ccat-ops audit runs`); check the disk and the path, then audit again',
    ]);
  }
}

/** Undefined for a path that does not exist; any other error is thrown. */
function missingOnly(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
  throw new UsageError(`--metrics-file: cannot look at it: ${err.code ?? err.message}`);
}

function kindOf(s: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  return 'a block device';
}
