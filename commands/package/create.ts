import { Flags } from '@oclif/core';
import { OpsCommand } from '../../src/base-command.js';
import { formatBytes } from '../../src/output/bytes.js';
import { quietFlag } from '../../src/output/quiet-flag.js';
import { createPackage, type PackageOutcome } from '../../src/packages/package-create.js';

export default class PackageCreate extends OpsCommand<typeof PackageCreate> {
  static override summary = 'Record the raw data package of an execution and module from files at a location.';
  static override description = `The package holds every raw data file of --executed from --module; each must have a present copy at --location (default: the one location that has them). It is named EXECUTION-ID_INSTRUMENT_MODULE, its state is waiting, and the files are put in it, all in one transaction. With --tar the tar is written at the location first (paths relative to the root, streamed and hashed with sha256 on the way, under a temporary name until it is complete) and recorded as the package's copy there; the package's checksum and size are then the tar's. Without a tar its size is the sum of the files' sizes, until a run with --tar records the tar.

Running it again changes nothing (exit 0); a package that exists without files registered since is exit 1, and so is a file that is not on disk with its recorded size. An interrupted run leaves no tar under the final name and records nothing; one killed outright (kill -9, a crash) leaves its temporary .NAME.tar.HOST.PID-XXXXXXXX.partial, which a later --tar run on the same host removes once that process is gone.`;
  static override examples = [
    {
      description: 'Record the package of the LFA files of one execution',
      command: '<%= config.bin %> package create --executed 5f0e8c1d --module CHAI/LFA',
    },
    {
      description: 'Write its tar under packages/ at the telescope computer too',
      command:
        '<%= config.bin %> package create --executed 5f0e8c1d --module CHAI/LFA --location ccat/telescope_computer --tar packages/',
    },
  ];
  static override flags = {
    executed: Flags.string({
      summary: 'The executed obs unit (id, or its first 8+ characters); asked for on a terminal.',
    }),
    module: Flags.string({ summary: 'The instrument module (NAME or INSTRUMENT/NAME); asked for on a terminal.' }),
    location: Flags.string({
      summary:
        'Where the files are (SITE/NAME); default: the one location that has them (asked on a terminal when several do).',
    }),
    tar: Flags.string({
      summary:
        "Also write the tar here: relative to the location's root (or absolute inside it); a directory gets NAME.tar.",
    }),
    'dry-run': Flags.boolean({
      summary: 'Check everything and say what would be recorded and written; change nothing.',
    }),
    ...quietFlag,
  };

  async run(): Promise<PackageOutcome | undefined> {
    const { flags } = this;
    const asked = await this.complete({ executed: flags.executed, module: flags.module }, [
      { flag: 'executed', message: 'Executed obs unit (id or its first 8+ characters)' },
      { flag: 'module', message: 'Instrument module (NAME or INSTRUMENT/NAME)' },
    ]);
    if (!asked) return this.declined();
    // While a tar is written, Ctrl-C stops it cleanly (no tar under the final name, nothing recorded).
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    if (flags.tar !== undefined && !flags['dry-run']) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    try {
      const { pool } = await this.pool(1);
      const p = await createPackage(pool, {
        executed: asked.executed as string,
        module: asked.module as string,
        location: flags.location,
        tar: flags.tar,
        dryRun: flags['dry-run'],
        chooseLocation: this.canPrompt ? (at) => this.chooseLocation(at) : undefined,
        signal: stop.signal,
      });
      this.report(p);
      return p;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }

  /** The files are at several locations: ask which to pack from (a terminal only). */
  private async chooseLocation(at: { key: string; files: number }[]): Promise<string> {
    const { select } = await import('@inquirer/prompts');
    return select({
      message: 'The files are at several locations; pack from',
      choices: at.map((a) => ({ value: a.key, name: `${a.key} (${a.files} file(s))` })),
    });
  }

  private report(p: PackageOutcome): void {
    for (const l of p.leftovers) {
      this.notice(
        l.removed
          ? `${p.dryRun ? 'Would remove' : 'Removed'} ${l.path} at ${p.location}: a temporary tar ${l.reason}.`
          : l.notATar
            ? `Left ${l.path} at ${p.location}: ${l.reason}.`
            : `Left ${l.path} at ${p.location}: a temporary tar ${l.reason}; delete it once that run is over.`,
      );
    }
    const what = `${p.files} file(s), ${formatBytes(p.filesBytes)}`;
    // The package's size once it is its tar's (not the files' total): said beside the files' total.
    const size = p.sizeBytes !== null && p.sizeBytes !== p.filesBytes ? `, size ${formatBytes(p.sizeBytes)}` : '';
    const tar = !p.tar
      ? ''
      : p.dryRun
        ? ` Tar at ${p.location}: ${p.tar.path} (its size and checksum become the package's).`
        : ` Tar at ${p.location}: ${p.tar.path}, ${formatBytes(p.tar.sizeBytes)}, ${p.tar.checksumAlgorithm} ${p.tar.checksum}.`;
    if (p.dryRun && p.outcome !== 'unchanged') {
      this.done(
        `Dry run: would ${p.outcome === 'created' ? 'create' : 'write the tar of'} package ${p.name} from ${what} at ${p.location}.${tar} Nothing changed.`,
      );
    } else if (p.outcome === 'unchanged') {
      this.done(`Package ${p.name} already exists (${what}${size}, ${p.state}); nothing changed.${tar}`);
    } else if (p.outcome === 'updated') {
      this.done(
        `Package ${p.name} (${what}, ${p.state}): its tar is written and recorded, with its size and checksum as the package's.${tar}`,
      );
    } else {
      this.done(`Created package ${p.name} from ${what} at ${p.location}, ${p.state}${size}.${tar}`);
    }
  }
}
