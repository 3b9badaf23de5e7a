import { hostname, availableParallelism } from 'node:os';
import { Flags } from '@oclif/core';
import { quietFlag } from '../../src/output/quiet-flag.js';
import { OpsCommand } from '../../src/base-command.js';
import { Busy, UsageError } from '../../src/errors.js';
import { runAudit } from '../../src/audit/audit-engine.js';
import { failOn, percent } from '../../src/audit/audit-input.js';
import { liveBytes } from '../../src/audit/copy-source.js';
import { diskLocation } from '../../src/audit/disk-location.js';
import { MARKER_FILE } from '../../src/audit/location-marker.js';
import { metricsTarget, writeAuditMetrics } from '../../src/audit/audit-metrics.js';
import { failing, runSummary, type RunSummary } from '../../src/audit/audit-summary.js';
import { lockLocation } from '../../src/audit/location-lock.js';
import { markMissing, MAX_LOCATION_SHARE, type MarkOutcome } from '../../src/audit/mark-missing.js';
import { FINDING_KINDS } from '../../src/audit/run-ledger.js';
import { MAX_CONCURRENCY } from '../../src/audit/file-workers.js';
import { formatBytes } from '../../src/output/bytes.js';
import { itemNotices } from '../../src/output/item-notices.js';
import { Progress, progressIntervalFlag, progressIntervalMs } from '../../src/output/progress.js';
import { durationMs, formatDuration } from '../../src/views/time-input.js';
import { timerMs } from '../../src/config/timeouts.js';

export interface AuditCopiesResult extends RunSummary {
  /** What this process did, as opposed to the run's totals. */
  here: { checked: number; missing: number; bytes: number; seconds: number };
  resumed: boolean;
  stopped: 'budget' | 'interrupted' | null;
  marked: MarkOutcome | null;
  /** Findings of the kinds `--fail-on` counts (non-zero: exit 3). */
  failing: number;
}

/** Batches worked on at once at most: each needs a database connection of the pool. */
export const MAX_WORKERS = 32;

export default class AuditCopies extends OpsCommand<typeof AuditCopies> {
  static override summary = 'Check that the copies recorded at a disk location really exist, intact.';
  static override description = `Every live copy (present or staged) at the location is checked against the file under the location's root path: --mode exists (the file is there), size (and has the recorded size), or checksum (and hashes to the recorded checksum, with the algorithm stored beside it). --dark also walks the tree for files no copy accounts for, ignoring files younger than --dark-min-age.

Existence and size audits read the location's copies in one query and check them in one pass; with --dark the copies come in path order and the walk of the tree is merged against them in the same pass.

Checksum audits read the copies verified longest ago first (never verified first) and set verified_at on every copy that passes, so --sample 5% or --budget 30m run after run covers the whole location. A run stopped by its budget or a signal, or killed, is resumed by the next audit of the location with the same mode; nothing recorded is checked again.

Runs and findings are stored (see audit runs, audit show, audit findings). One audit per location at a time: a second exits 75 at once, or queues with --wait. Audits started with --shard share one run's work, on one host or several, in batches claimed through the database; a batch whose worker stops beating for --stale-after is taken over.

The root must be the location's storage: it carries a marker (${MARKER_FILE}, naming the location), written by location add, file register or the first audit that finds the location's copies there. A root without it that is empty or holds fewer than half of the copies looked for (a storage not mounted, or another directory in its place), or that carries another location's marker, is exit 69 before anything is checked; write the marker of new storage deliberately with location write-marker.

The audit never deletes or moves a file. It changes a copy's status only with --mark-missing (missing copies are recorded as deleted), and refuses that, unless --force, when more than --max-missing of the copies the run checked, or of those this invocation checked, are missing, or when it would mark more than half of the location's live copies (even with --max-missing 100%). Copies a staging job that is not finished needs are never marked (the database refuses).

The audit holds the location's lock on a database connection of its own and checks it before recording each batch: if that connection dropped (the lock is gone), it stops with exit 75 and the next audit resumes the run.

Exit codes: 0 clean; 3 findings of the --fail-on kinds, or marking refused; 1 error or interrupted; 2 bad input; 4 unknown location; 69 root path missing or unreadable, or not the location's storage; 75 another audit holds the location, or this one lost its lock.`;
  static override examples = [
    {
      description: 'Nightly: every copy exists with its size',
      command: '<%= config.bin %> audit copies --location ccat/buffer --mode size',
    },
    {
      description: 'Hourly checksum verification, oldest first, at most 30 minutes',
      command:
        '<%= config.bin %> audit copies --location cologne/buffer --mode checksum --budget 30m --metrics-file /var/lib/node_exporter/ccat_audit.prom',
    },
    {
      description: 'Verify 5% of the copies and look for dark files; only lost or corrupt data fails',
      command:
        '<%= config.bin %> audit copies --location ramses/processing --mode checksum --sample 5% --dark --fail-on missing,checksum_mismatch,dark',
    },
    {
      description: 'Two hosts share one big location',
      command: '<%= config.bin %> audit copies --location us/buffer --mode checksum --shard   # on each host',
    },
    {
      description: 'Record lost copies as deleted (refused above 1% missing)',
      command: '<%= config.bin %> audit copies --location ccat/buffer --mark-missing --json',
    },
  ];
  static override flags = {
    location: Flags.string({ summary: 'The disk location to audit (SITE/NAME); asked for on a terminal.' }),
    mode: Flags.option({
      options: ['exists', 'size', 'checksum'] as const,
      default: 'size' as const,
      summary: 'What to check: the file exists, has the recorded size, or hashes to the recorded checksum.',
    })(),
    dark: Flags.boolean({ summary: 'Also report files under the root that no copy accounts for.', default: false }),
    'dark-min-age': Flags.string({ summary: 'Ignore dark files modified more recently than this.', default: '1d' }),
    sample: Flags.string({
      summary: 'Checksum mode: verify only this share of the copies, oldest verification first (e.g. 5%).',
    }),
    budget: Flags.string({ summary: 'Stop cleanly after this long (e.g. 30m); the next audit resumes.' }),
    concurrency: Flags.integer({
      summary: `Threads reading files, at most ${MAX_CONCURRENCY} (~11 MB each; default: one per CPU; more can help stats on network storage).`,
      min: 1,
    }),
    workers: Flags.integer({
      summary: `Batches this process works on at once, at most ${MAX_WORKERS} (each uses a database connection).`,
      default: 2,
      min: 1,
    }),
    'batch-size': Flags.integer({
      summary:
        'Copies per batch of work (recorded in one transaction), at most 100000; default 2000 (checksum), 20000 (exists, size).',
      min: 1,
      max: 100_000,
    }),
    shard: Flags.boolean({ summary: 'Share the work of one run with other --shard audits of this location.' }),
    'stale-after': Flags.string({
      summary: 'Take over a batch whose worker has not beaten for this long.',
      default: '2m',
    }),
    wait: Flags.boolean({ summary: 'Wait for an audit that holds the location instead of exiting 75.' }),
    'mark-missing': Flags.boolean({ summary: 'Record copies found missing as deleted.' }),
    'max-missing': Flags.string({
      summary: 'Refuse --mark-missing above this share of missing copies (of the run, and of this invocation).',
      default: '1%',
    }),
    force: Flags.boolean({
      summary: 'Mark missing copies even above --max-missing, or more than half of the location.',
    }),
    'fail-on': Flags.string({
      summary: `Finding kinds that make the exit code 3 (comma-separated; all, none; kinds: ${FINDING_KINDS.join(', ')}).`,
      default: 'all',
    }),
    'metrics-file': Flags.string({
      summary: 'Write Prometheus gauges of the run to this file (node exporter textfile).',
    }),
    ...progressIntervalFlag,
    ...quietFlag,
  };

  async run(): Promise<AuditCopiesResult | undefined> {
    const { flags } = this;
    const asked = await this.complete({ location: flags.location }, [
      { flag: 'location', message: 'Disk location to audit (SITE/NAME)' },
    ]);
    if (!asked) return this.declined();
    const key = asked.location as string;
    const mode = flags.mode;
    if (flags.sample !== undefined && mode !== 'checksum') {
      throw new UsageError(
        '--sample needs --mode checksum: the other modes check every copy (use --budget to bound them)',
      );
    }
    const sample = flags.sample === undefined ? undefined : percent(flags.sample, 'sample');
    const budgetMs = flags.budget === undefined ? undefined : timerMs(flags.budget, 'budget');
    const darkMinAgeMs = durationMs(flags['dark-min-age'], 'dark-min-age');
    const staleMs = timerMs(flags['stale-after'], 'stale-after');
    const progressMs = progressIntervalMs(flags['progress-interval']);
    const maxMissing = percent(flags['max-missing'], 'max-missing', { zero: true });
    const kinds = failOn(flags['fail-on']);
    if (flags.force && !flags['mark-missing']) throw new UsageError('--force only applies to --mark-missing');
    if (flags.concurrency !== undefined && flags.concurrency > MAX_CONCURRENCY) {
      throw new UsageError(
        `--concurrency: at most ${MAX_CONCURRENCY} reading threads (each holds ~11 MB); ${flags.concurrency} is too many`,
      );
    }
    if (flags.workers > MAX_WORKERS) {
      throw new UsageError(
        `--workers: at most ${MAX_WORKERS} (each works on its own database connection); ${flags.workers} is too many`,
        ['use --shard on several hosts for more parallel work'],
      );
    }
    const concurrency = flags.concurrency ?? Math.min(availableParallelism(), MAX_CONCURRENCY);
    // Before anything is audited: a path it could not write is known now, not after hours of work.
    if (flags['metrics-file'] !== undefined) await metricsTarget(flags['metrics-file']);

    const { pool, url, embedded } = await this.pool(flags.workers + 2);
    // The embedded database serves one connection: more workers would only queue for it.
    const workers = embedded ? 1 : flags.workers;
    const location = await diskLocation(pool, key);
    if (location.marker === 'written') this.notice(`Wrote the location marker ${location.root}/${MARKER_FILE}.`);
    // The embedded database is one process at a time already (its lock file).
    const lock = embedded ? undefined : await lockLocation(url, location, { shared: flags.shard, wait: flags.wait });
    let runId = '?';
    const assertLocked = async () => {
      if (lock && !(await lock.held())) {
        throw new Busy(
          `lost the lock on ${location.key} (its database connection ended); audit run ${runId} stays open and the next audit resumes it`,
          ['check the database connection, then run the audit again'],
        );
      }
    };
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let progress: Progress | undefined;
    try {
      const outcome = await runAudit(pool, {
        locationId: location.id,
        root: location.root,
        mode,
        params: { dark: flags.dark, darkMinAgeMs, sample },
        budgetMs,
        concurrency,
        workers,
        batchSize: flags['batch-size'],
        staleMs,
        exclusive: !flags.shard,
        host: hostname(),
        pid: process.pid,
        stop: stop.signal,
        assertLocked,
        onStart: async (run, resumed) => {
          runId = run.id;
          if (resumed) this.notice(`Resuming audit run ${run.id} of ${location.key} (${run.mode}).`);
          // Left: what no process has recorded yet (on a resumed run, also the batches it re-checks).
          const left = run.planned === null ? undefined : Math.max(0, run.planned - run.checked);
          // Hashing takes time by bytes: the bar follows the bytes left (from the average copy's size).
          let totalBytes: number | undefined;
          if (mode === 'checksum' && left) {
            const live = await liveBytes(pool, location.id);
            totalBytes = live.copies ? Math.round((live.bytes / live.copies) * left) : undefined;
          }
          progress = new Progress(`audit ${location.key}`, left, {
            tty: Boolean(process.stderr.isTTY),
            intervalMs: progressMs,
            enabled: progressMs > 0 && !this.quiet,
            totalBytes,
          });
        },
        onCheck: (bytes, files) => progress?.tick(bytes, files),
      });
      progress?.stop();
      const summary = { ...(await runSummary(pool, outcome.run.id)), here: outcome.here };
      let marked: MarkOutcome | null = null;
      if (flags['mark-missing']) {
        await assertLocked();
        marked = await markMissing(
          pool,
          { id: summary.run, locationId: location.id, missing: summary.findings.missing, checked: summary.checked },
          outcome.here,
          { maxFraction: maxMissing, force: flags.force },
        );
      }
      const result: AuditCopiesResult = {
        ...summary,
        resumed: outcome.resumed,
        stopped: outcome.stopped,
        marked,
        failing: failing(summary, kinds),
      };
      if (flags['metrics-file'] !== undefined) await writeAuditMetrics(flags['metrics-file'], summary);
      this.report(result, location.key);
      return result;
    } finally {
      progress?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await lock?.release();
    }
  }

  private report(r: AuditCopiesResult, key: string): void {
    const found = FINDING_KINDS.filter((k) => r.findings[k] > 0);
    const state =
      r.status === 'completed'
        ? 'completed'
        : r.stopped
          ? `paused (${r.stopped}); the next audit of ${key} resumes it`
          : r.status;
    this.done(
      [
        `Audit run ${r.run} of ${key} (${r.mode}${r.resumed ? ', resumed' : ''}): ${state}`,
        `  checked ${r.checked}${r.planned === null ? '' : ` of ${r.planned}`} copies, ${formatBytes(r.bytes)}` +
          ` (this process: ${r.here.checked} in ${formatDuration(r.here.seconds * 1000)})`,
        `  ok ${r.ok}` + (found.length ? `; ${found.map((k) => `${k} ${r.findings[k]}`).join(', ')}` : '; no findings'),
      ].join('\n'),
    );
    if (r.marked?.refused) {
      const f = r.marked.refused;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const what =
        f.scope === 'run'
          ? `${f.missing} of ${f.of} checked copies (${pct(f.fraction)}) are missing, more than --max-missing ${pct(f.max)}`
          : f.scope === 'here'
            ? `this audit found ${f.missing} of the ${f.of} copies it checked (${pct(f.fraction)}) missing, more than --max-missing ${pct(f.max)} (the run's earlier checks do not dilute it)`
            : `it would mark ${f.missing} of the ${f.of} live copies of ${key} (${pct(f.fraction)}), more than ${pct(MAX_LOCATION_SHARE)} of the location, which needs --force even with --max-missing 100%`;
      this.problems(`not marking missing copies: ${what}`, [
        'check that the storage is mounted; if the loss is real, run again with --mark-missing --force',
      ]);
    } else if (r.marked) {
      this.done(`  marked ${r.marked.marked} missing copies as deleted`);
      const kept = itemNotices(r.marked.kept, {
        reason: (k) => k.rule,
        line: (k) => `  kept copy ${k.copy}: ${k.reason}`,
        example: (k) => `copy ${k.copy}: ${k.reason}`,
        summary: (rule, n) => `  kept ${n} ${n === 1 ? 'copy' : 'copies'} (${rule})`,
        verbose: this.flags.verbose,
      });
      for (const line of kept) this.notice(line);
    }
    if (r.stopped === 'interrupted') {
      process.exitCode = 1;
      // Not a success: said under --quiet too.
      process.stderr.write(`Interrupted; audit run ${r.run} stays open and the next audit of ${key} resumes it.\n`);
    } else if (r.failing > 0) {
      const kinds = found.map((k) => `${k} ${r.findings[k]}`).join(', ');
      this.problems(`${r.failing} finding(s) in audit run ${r.run} of ${key} (${kinds})`, [
        `ccat-ops audit findings --location ${key} --unresolved`,
      ]);
    }
  }
}
