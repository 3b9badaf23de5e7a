import cliProgress from 'cli-progress';
import { MAX_TIMER_MS } from '../config/timeouts.js';
import { formatBytes } from './bytes.js';
import { formatDuration } from '../views/time-input.js';

/**
 * Progress of long work (DESIGN §8) on stderr: a bar with files/s, MB/s and ETA on a terminal;
 * otherwise a log line every `intervalMs` (cron mail and journals stay readable).
 */
export class Progress {
  private done = 0;
  private bytes = 0;
  private readonly began = Date.now();
  private bar?: cliProgress.SingleBar;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    opts: { tty: boolean; intervalMs: number; enabled: boolean },
  ) {
    if (!opts.enabled) return;
    if (opts.tty) {
      this.bar = new cliProgress.SingleBar(
        {
          format: `${label} {bar} {percentage}% | {value}/{total} files | {rate} files/s | {mbps} | ETA {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 200,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total ?? 0, 0, this.payload());
    } else {
      // A Node timer beyond 2^31 ms fires at once: cap it (about 24 days) rather than flood stderr.
      const every = Math.min(opts.intervalMs, MAX_TIMER_MS);
      this.timer = setInterval(() => process.stderr.write(`${this.line()}\n`), every);
      this.timer.unref();
    }
  }

  tick(bytes: number): void {
    this.done += 1;
    this.bytes += bytes;
    this.bar?.update(this.done, this.payload());
  }

  stop(): void {
    this.bar?.stop();
    clearInterval(this.timer);
  }

  private seconds(): number {
    return Math.max(0.001, (Date.now() - this.began) / 1000);
  }

  private payload() {
    const s = this.seconds();
    return { rate: Math.round(this.done / s), mbps: `${formatBytes(this.bytes / s)}/s` };
  }

  /** `audit ccat/buffer: 12000/50000 files (24%), 3.1 GB, 850 files/s, 120 MB/s, ETA 45s`. */
  line(): string {
    const s = this.seconds();
    const rate = this.done / s;
    const of = this.total ? `/${this.total} files (${Math.floor((100 * this.done) / this.total)}%)` : ' files';
    const eta = this.total && rate > 0 ? `, ETA ${formatDuration(((this.total - this.done) / rate) * 1000)}` : '';
    return `${this.label}: ${this.done}${of}, ${formatBytes(this.bytes)}, ${Math.round(rate)} files/s, ${formatBytes(this.bytes / s)}/s${eta}`;
  }
}
