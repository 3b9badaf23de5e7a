import { availableParallelism } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { quietFlag } from '../../src/output/quiet-flag.js';
import { OpsCommand } from '../../src/base-command.js';
import { UsageError } from '../../src/errors.js';
import { CHECKSUM_ALGORITHMS } from '../../src/audit/checksum.js';
import { MAX_CONCURRENCY } from '../../src/audit/file-workers.js';
import { registerFiles, type RegisterOutcome } from '../../src/files/file-register.js';
import { formatBytes } from '../../src/output/bytes.js';
import { visibleInline } from '../../src/output/visible.js';
import { Progress, progressIntervalFlag, progressIntervalMs } from '../../src/output/progress.js';

export default class FileRegister extends OpsCommand<typeof FileRegister> {
  static override summary = 'Adopt files on disk at a location as raw data files with a physical copy there.';
  static override description = `Walks each PATH (a file or directory, relative to the location's root or absolute inside it), computes size and checksum (--algorithm), and creates a raw data file of --executed and --module with a copy at the location for each new file. With --obs-unit instead of --executed, one execution of that obs unit is recorded for the new files (completed, from the first file's modification time to the last one's) and its id reported; until a run ends with no file still on its way (every file registered, or skipped for a reason only an operator can settle), the same command run again (same location, module, PATHs and manifest) adds its new files to that execution, so an interrupted run is continued, not split over two executions. A file the database already knows by relative path and checksum only gets the missing copy; one it knows with a different checksum is skipped and reported (exit 3). With --manifest, checksums come from a sha256sum/md5sum-style list ('CHECKSUM  PATH' per line, paths relative to the root) and only sizes are read from disk; PATHs then narrow the manifest. One transaction per batch; running it again changes nothing. This is also how dark files found by an audit are adopted (their findings are resolved).

Files are recorded by their real path under the root: links inside the root are followed once (a file reached by two paths is one file); a PATH, manifest entry or link that leads out of the root is exit 2 before anything is written. A file that changes while it is hashed is skipped (exit 3). ccat-ops' own files are never registered: the location's marker, and the temporary tars package create --tar writes (.NAME.tar.HOST.PID-XXXXXXXX.partial, left by a run killed outright), which are left out with a note (not an error).`;
  static override strict = false;
  static override examples = [
    {
      description: 'Adopt a directory of LFA files of one execution',
      command:
        '<%= config.bin %> file register --location ccat/telescope_computer --executed 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f --module CHAI/LFA 2026/11/30/obs-0042',
    },
    {
      description: 'Take the checksums from the manifest written at the telescope',
      command:
        '<%= config.bin %> file register --location cologne/buffer --manifest obs-0042.sha256 --executed 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f --module LFA',
    },
    {
      description: 'Adopt the files of a run no execution was recorded for',
      command:
        '<%= config.bin %> file register --location ccat/telescope_computer --obs-unit "Orion KL CO43" --module CHAI/LFA 2026/11/30/obs-0043',
    },
    {
      description: 'See what would be created',
      command: '<%= config.bin %> file register --location ccat/buffer incoming/ --dry-run',
    },
  ];
  static override flags = {
    location: Flags.string({ summary: 'The disk location the files are at (SITE/NAME); asked for on a terminal.' }),
    executed: Flags.string({ summary: 'The executed obs unit new files belong to (id, or its first 8+ characters).' }),
    'obs-unit': Flags.string({
      summary: 'Instead of --executed: record one execution of this obs unit for the new files.',
      exclusive: ['executed'],
    }),
    module: Flags.string({ summary: 'The instrument module that wrote them (NAME or INSTRUMENT/NAME).' }),
    algorithm: Flags.option({
      options: CHECKSUM_ALGORITHMS,
      default: 'sha256' as const,
      summary: 'Checksum algorithm.',
    })(),
    manifest: Flags.string({ summary: "Take checksums from this file ('CHECKSUM  PATH' lines)." }),
    concurrency: Flags.integer({
      summary: `Files hashed at once, at most ${MAX_CONCURRENCY} (~11 MB each; default: one per CPU).`,
      min: 1,
      max: MAX_CONCURRENCY,
    }),
    'dry-run': Flags.boolean({ summary: 'Count what would be registered and change nothing.' }),
    ...progressIntervalFlag,
    ...quietFlag,
  };
  static override args = {
    paths: Args.string({ description: "Files or directories, relative to the location's root (several allowed)" }),
  };

  async run(): Promise<RegisterOutcome | undefined> {
    const { flags } = this;
    const asked = await this.complete({ location: flags.location }, [
      { flag: 'location', message: 'Disk location the files are at (SITE/NAME)' },
    ]);
    if (!asked) return this.declined();
    const location = asked.location as string;
    if (this.positionals.length === 0 && flags.manifest === undefined) {
      throw new UsageError('give the files or directories to register (PATH…), or --manifest');
    }
    const progressMs = progressIntervalMs(flags['progress-interval']);
    const { pool } = await this.pool(2);
    let progress: Progress | undefined;
    try {
      const outcome = await registerFiles(pool, {
        location,
        paths: this.positionals,
        manifest: flags.manifest,
        algorithm: flags.algorithm,
        executed: flags.executed,
        obsUnit: flags['obs-unit'],
        module: flags.module,
        dryRun: flags['dry-run'],
        concurrency: flags.concurrency ?? Math.min(availableParallelism(), MAX_CONCURRENCY),
        onStart: (total) => {
          progress = new Progress(`register ${location}`, total, {
            tty: Boolean(process.stderr.isTTY),
            intervalMs: progressMs,
            enabled: progressMs > 0 && !this.quiet,
          });
        },
        onFile: (bytes) => progress?.tick(bytes),
      });
      progress?.stop();
      this.report(outcome);
      return outcome;
    } finally {
      progress?.stop();
    }
  }

  private report(o: RegisterOutcome): void {
    // Names on disk are anyone's: shown with their control characters visible, one line each.
    for (const i of o.ignored.slice(0, 20)) this.notice(`  left out ${visibleInline(i.path)}: ${i.reason}`);
    if (o.ignored.length > 20) this.notice(`  … ${o.ignored.length - 20} more left out (--json lists all)`);
    if (o.execution === 'continued') {
      this.notice(
        `${o.dryRun ? 'Would continue' : 'Continued'} execution ${o.executed}, left unfinished by an earlier run of this command.`,
      );
    }
    if (o.dryRun) {
      this.done(`Dry run: ${o.files} file(s) at ${o.location}, ${o.created} new to the database; nothing changed.`);
    } else if (o.created === 0 && o.copiesAdded === 0) {
      this.done(
        o.skipped.length
          ? `Nothing registered: ${o.unchanged} file(s) at ${o.location} are already registered, ${o.skipped.length} skipped (below).`
          : `Nothing to do: ${o.unchanged} file(s) at ${o.location} are already registered.`,
      );
    } else {
      if (o.execution === 'recorded') this.notice(`Recorded execution ${o.executed} for the new files.`);
      if (o.unfinishedElsewhere?.length) {
        this.notice(
          `Left unfinished by other \`file register\` commands of this obs unit: execution(s) ${o.unfinishedElsewhere.join(', ')} (run those commands again to add the rest of their files to them).`,
        );
      }
      this.done(
        `Registered ${o.files} file(s) at ${o.location}, ${formatBytes(o.bytes)}: ${o.created} created, ` +
          `${o.copiesAdded} copies added, ${o.unchanged} already registered.`,
      );
    }
    if (o.skipped.length) {
      for (const s of o.skipped.slice(0, 20)) {
        this.notice(`  skipped ${visibleInline(s.path)}: ${visibleInline(s.reason)}`);
      }
      if (o.skipped.length > 20) this.notice(`  … ${o.skipped.length - 20} more (--json lists all)`);
      if (o.unfinished) {
        this.notice(
          `Execution ${o.executed} stays open to this command: run it again to add the skipped file(s) to it.`,
        );
      } else if (this.flags['obs-unit'] !== undefined && o.executed !== undefined && !o.dryRun) {
        this.notice(
          `Execution ${o.executed} is finished: the skipped file(s) need you; once settled, add them with \`ccat-ops file register --executed ${o.executed.slice(0, 8)} --module ${this.flags.module ?? 'MODULE'} PATH…\`.`,
        );
      }
      this.problems(`${o.skipped.length} file(s) skipped`);
    }
  }
}
