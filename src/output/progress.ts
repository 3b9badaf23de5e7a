import { Flags } from '@oclif/core';
import cliProgress from 'cli-progress';
import { MAX_TIMER_MS } from '../config/timeouts.js';
import { formatBytes } from './bytes.js';
import { durationMs, formatDuration } from '../views/time-input.js';

/** `--progress-interval` of the long commands: how often a log line is written without a terminal; 0: never. */
export const progressIntervalFlag = {
  'progress-interval': Flags.string({
    summary: 'Without a terminal, log progress this often; 0 turns progress (also the bar) off.',
    default: '30s',
  }),
};

/** The interval in ms; 0 for `0` (progress off). */
export function progressIntervalMs(value: string): number {
  return /^\s*0+(\.0+)?\s*(ms|s|m|h|d|w)?\s*$/i.test(value) ? 0 : durationMs(value, 'progress-interval');
}

export interface ProgressOptions {
  tty: boolean;
  intervalMs: number;
  enabled: boolean;
  /**
   * Bytes the work will read, when its time goes with bytes (hashing): the share done and the ETA
   * then follow bytes, which stay steady when files are large and few finish per second.
   */
  totalBytes?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Progress of long work (DESIGN §8) on stderr: a bar with files/s, MB/s and ETA on a terminal;
 * otherwise a log line every `intervalMs` (cron mail and journals stay readable).
 */
export class Progress {
  private done = 0;
  private bytes = 0;
  private readonly began: number;
  private readonly now: () => number;
  private readonly totalBytes?: number;
  private bar?: cliProgress.SingleBar;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    opts: ProgressOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.began = this.now();
    this.totalBytes = opts.totalBytes && opts.totalBytes > 0 ? opts.totalBytes : undefined;
    if (!opts.enabled) return;
    if (opts.tty) {
      this.bar = new cliProgress.SingleBar(
        {
          format: `${label} {bar} {percentage}% | {files} files | {rate} files/s | {mbps} | ETA {eta}`,
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.bytesWise() ? this.totalBytes! : (total ?? 0), 0, this.payload());
    } else {
      // A Node timer beyond 2^31 ms fires at once: cap it (about 24 days) rather than flood stderr.
      const every = Math.min(opts.intervalMs, MAX_TIMER_MS);
      this.timer = setInterval(() => process.stderr.write(`${this.line()}\n`), every);
      this.timer.unref();
    }
  }

  tick(bytes: number, files = 1): void {
    this.done += files;
    this.bytes += bytes;
    this.bar?.update(this.bytesWise() ? Math.min(this.bytes, this.totalBytes!) : this.done, this.payload());
  }

  stop(): void {
    this.bar?.stop();
    clearInterval(this.timer);
  }

  private bytesWise(): boolean {
    return this.totalBytes !== undefined;
  }

  private seconds(): number {
    return Math.max(0.001, (this.now() - this.began) / 1000);
  }

  /** Files per second, with decimals when few finish per second (large files): `0.032`, not `0`. */
  private fileRate(): string {
    const rate = this.done / this.seconds();
    if (rate >= 10) return String(Math.round(rate));
    return rate >= 1 ? rate.toFixed(1) : String(Number(rate.toPrecision(2)));
  }

  /** Time left, from bytes when their total is known, else from files; undefined before any progress. */
  private etaMs(): number | undefined {
    const s = this.seconds();
    if (this.totalBytes !== undefined) {
      return this.bytes > 0 ? (Math.max(0, this.totalBytes - this.bytes) / (this.bytes / s)) * 1000 : undefined;
    }
    if (!this.total || this.done === 0) return undefined;
    return ((this.total - this.done) / (this.done / s)) * 1000;
  }

  private payload() {
    const eta = this.etaMs();
    return {
      files: this.total ? `${this.done}/${this.total}` : String(this.done),
      rate: this.fileRate(),
      mbps: `${formatBytes(this.bytes / this.seconds())}/s`,
      eta: eta === undefined ? '?' : formatDuration(eta),
    };
  }

  /**
   * `audit ccat/buffer: 12000/50000 files (24%), 3.1 GB, 850 files/s, 120 MB/s, ETA 45s`; with a
   * total of bytes, the share is of bytes: `… 2/100 files, 20 GB of 1 TB (2%), 0.3 files/s, …`.
   */
  line(): string {
    const s = this.seconds();
    const files = this.total ? `${this.done}/${this.total} files` : `${this.done} files`;
    const share = this.totalBytes
      ? `${files}, ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)} (${Math.floor((100 * Math.min(this.bytes, this.totalBytes)) / this.totalBytes)}%)`
      : this.total
        ? `${files} (${Math.floor((100 * this.done) / this.total)}%), ${formatBytes(this.bytes)}`
        : `${files}, ${formatBytes(this.bytes)}`;
    const eta = this.etaMs();
    return `${this.label}: ${share}, ${this.fileRate()} files/s, ${formatBytes(this.bytes / s)}/s${eta === undefined ? '' : `, ETA ${formatDuration(eta)}`}`;
  }
}
