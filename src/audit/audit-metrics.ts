import { rename, writeFile } from 'node:fs/promises';
import { Gauge, Registry } from 'prom-client';
import { FINDING_KINDS } from './run-ledger.js';
import type { RunSummary } from './audit-summary.js';

/**
 * Prometheus text-format gauges of an audit for the node exporter's textfile collector, written to
 * a temporary file and renamed, so the exporter never reads half a file.
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
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, await registry.metrics());
  await rename(tmp, path);
}
