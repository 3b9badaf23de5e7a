import { Command, Flags, type Interfaces } from '@oclif/core';
import chalk from 'chalk';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describeTarget, resolveConnection, type ConnectionTarget } from './config/connection.js';
import { maskUrl, scrubSecrets } from './config/mask-url.js';
import { resolveReadConnection, type ReadTarget } from './config/read-connection.js';
import { describeLag, replicaStatus, type ReplicaStatus } from './replica/replica-status.js';
import { lagOver, maxLagMs } from './replica/max-lag.js';
import { connectionError } from './db/connection-errors.js';
import { openClient, type OpenClient } from './db/open-client.js';
import { openPool, type OpenPool } from './db/open-pool.js';
import type { OpenDatabase } from './db/open-database.js';
import { InvalidValues, OpsError, Unavailable, UsageError } from './errors.js';
import { describeParseError } from './parse-errors.js';
import { renderList, type ListPage, type OutputFormat } from './output/render-list.js';
import { sortKey, sortRows } from './output/list-flags.js';
import { terminalWidth } from './output/table.js';
import { shortestPrefixes } from './views/short-id.js';
import { cellValue, selectColumns, showsItsField, type Column } from './output/columns.js';
import { csvRecords, jsonLines } from './views/copy-stream.js';
import { renderDetail } from './output/detail.js';
import { ListWriter } from './output/list-writer.js';
import { fetchPage, keysetOrder, streamCopyText, streamRows, type KeysetList, type Page } from './views/keyset.js';
import type { Queryable } from './views/queryable.js';
import { describeWrite } from './messages/registry.js';
import type { WriteResult } from './registry/write-result.js';
import { promptingAllowed, completeValues, confirmAction, confirmByTyping, type Question } from './prompts.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof OpsCommand)['baseFlags'] & T['flags']
>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The error document printed on stdout under `--json`. */
export interface ErrorJson {
  /** `problems`: each wrong value on its own, when several were reported at once. */
  error: { name: string; message: string; exitCode: number; actions: string[]; problems?: string[] };
}

/**
 * What every command shares: connection resolution, opening and closing the ORM, `--json`, output
 * formats, colour, the prompting policy, and turning every error into one line and an exit code.
 */
export abstract class OpsCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;
  /** Each statement is bounded by `CCAT_OPS_STATEMENT_TIMEOUT`; false for long work (migrations). */
  static quickStatements = true;
  /**
   * The command only reads: with a read replica configured, it reads there (see `ReadCommand`, which
   * sets this and adds the replica's flags). Everything else runs on the primary.
   */
  static readOnly = false;
  /**
   * A list's columns (a list command: `--json` is `{ items, next }`, each column key a JSON key):
   * declared here so the vocabulary can be checked over every list.
   */
  static columns?: readonly Column<never>[];

  static override baseFlags = {
    'database-url': Flags.string({
      summary: 'PostgreSQL URL (overrides CCAT_OPS_DATABASE_URL and the config file).',
      helpGroup: 'GLOBAL',
    }),
    prompt: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'Ask for missing values on a terminal; --no-prompt never asks.',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'Colour output on a terminal.',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({
      summary: 'Show stack traces and SQL, and list in full what deletions and audits kept or skipped.',
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  /** Every positional argument, for commands that take several (`static strict = false`). */
  protected positionals: string[] = [];
  private opened?: OpenDatabase;
  private bare?: OpenClient;
  private pooled?: OpenPool;
  private announced = false;
  private resolved?: ConnectionTarget;
  private readTarget?: ReadTarget | null;
  /** Where this run reads: undecided, the replica (with its status), or the primary after a fallback. */
  private reading?: { on: 'replica'; status: ReplicaStatus } | { on: 'primary' };

  public override async init(): Promise<void> {
    await super.init();
    const { flags, args, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: this.ctor.baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
    this.positionals = argv as string[];
    if (!this.flags.color || process.env.NO_COLOR || !process.stdout.isTTY) chalk.level = 0;
  }

  /** Where the database is, resolved once per command run (DESIGN §4). */
  protected connection(): ConnectionTarget {
    if (!this.resolved) {
      this.resolved = resolveConnection({ databaseUrl: this.flags?.['database-url'] });
      const warnings = this.resolved.kind === 'server' ? (this.resolved.warnings ?? []) : [];
      for (const w of warnings) process.stderr.write(`${chalk.yellow('Warning:')} ${w}\n`);
    }
    return this.resolved;
  }

  /**
   * The read replica this run reads from, if the command only reads, one is configured and
   * `--primary` is not given (resolved once per run).
   */
  protected readEndpoint(): ReadTarget | undefined {
    if (this.readTarget === undefined) {
      const flags = this.readFlags();
      this.readTarget =
        (this.constructor as typeof OpsCommand).readOnly && !flags.primary
          ? (resolveReadConnection({ readDatabaseUrl: flags['read-database-url'], primary: this.connection() }) ?? null)
          : null;
    }
    return this.readTarget ?? undefined;
  }

  /** The replica's flags (present on `ReadCommand`s only). */
  private readFlags(): { 'read-database-url'?: string; primary?: boolean; 'max-lag'?: string; fallback?: boolean } {
    return (this.flags ?? {}) as ReturnType<OpsCommand<T>['readFlags']>;
  }

  /**
   * Opens a connection where this run's statements go: the primary, or for a read-only command the
   * read replica. A replica that does not answer is a warning and the primary is used instead, unless
   * `--no-fallback`; a replica further behind than `--max-lag` is a warning, or exit 69 when
   * `--max-lag` was given.
   */
  private async openWhereItGoes<C extends { close(): Promise<void> }>(
    open: (target: ConnectionTarget) => Promise<C>,
    query: (opened: C, sql: string) => Promise<Record<string, unknown>[]>,
  ): Promise<C> {
    const replica = this.readEndpoint();
    if (!replica || this.reading?.on === 'primary') {
      const target = this.connection();
      this.announceEmbedded(target);
      return open(target);
    }
    const flags = this.readFlags();
    const maxLag = flags['max-lag'];
    const boundMs = maxLagMs(maxLag);
    let opened: C;
    try {
      opened = await open(replica);
    } catch (err) {
      if (!(err instanceof OpsError) || err.exitCode !== 69) throw err;
      if (flags.fallback === false) {
        throw new Unavailable(`the read replica is unavailable: ${err.message}`, [
          'read from the primary with --primary, or leave out --no-fallback to fall back to it by itself',
        ]);
      }
      this.warnAlways(`the read replica does not answer (${err.message}); reading from the primary instead`);
      this.reading = { on: 'primary' };
      const target = this.connection();
      this.announceEmbedded(target);
      return open(target);
    }
    try {
      const status = await replicaStatus((sql) => query(opened, sql));
      this.reading = { on: 'replica', status };
      if (lagOver(status.lagSeconds, boundMs)) {
        const what = `the read replica ${maskUrl(replica.url)} is ${describeLag(status.lagSeconds)} behind the primary${status.paused ? ' (its replay is paused)' : ''}`;
        if (maxLag !== undefined) {
          throw new Unavailable(`${what}, more than --max-lag ${maxLag}`, [
            'read from the primary with --primary, or allow more with a larger --max-lag',
          ]);
        }
        this.warnAlways(`${what}: the data is as of ${status.asOf ?? 'an unknown time'}`);
      }
      return opened;
    } catch (err) {
      await opened.close().catch(() => undefined);
      throw err;
    }
  }

  /** A warning on stderr, also under `--quiet` (stale data must not pass silently). */
  private warnAlways(message: string): void {
    process.stderr.write(`${chalk.yellow('Warning:')} ${message}\n`);
  }

  /** Opens the database on first use; closed again in `finally`. */
  protected async database(): Promise<OpenDatabase> {
    if (!this.opened) {
      // Loaded on demand: MikroORM is most of a command's start-up time, and not every command needs it.
      const { openDatabase } = await import('./db/open-database.js');
      const quick = (this.constructor as typeof OpsCommand).quickStatements;
      this.opened = await this.openWhereItGoes(
        (target) => openDatabase(target, { debug: this.flags?.verbose, quick }),
        (db, sql) => db.orm.em.getConnection().execute(sql),
      );
    }
    return this.opened;
  }

  /** A bare driver connection (no ORM) for commands that need only a few queries; closed in `finally`. */
  protected async client(): Promise<OpenClient['client']> {
    if (!this.bare) {
      this.bare = await this.openWhereItGoes(openClient, async (c, sql) => (await c.client.query(sql)).rows);
    }
    return this.bare.client;
  }

  /** A pool of `max` bare connections, for commands that work in parallel; closed in `finally`. */
  protected async pool(max: number): Promise<OpenPool> {
    if (!this.pooled) {
      this.pooled = await this.openWhereItGoes(
        (target) => openPool(target, max),
        async (p, sql) => (await p.pool.query(sql)).rows,
      );
    }
    return this.pooled;
  }

  /**
   * Under `--json`, a read from a replica states the data's age: `asOf` (the time the data is
   * current as of) and `replicaLagSeconds`, added to the result (an object: lists are `{ items, next }`).
   */
  protected override toSuccessJson(result: unknown): unknown {
    if (!result || typeof result !== 'object' || Array.isArray(result)) return result;
    return { ...result, ...this.dataAge() };
  }

  /** `asOf` and `replicaLagSeconds` when this run read from a replica; nothing otherwise. */
  protected dataAge(): { asOf?: string | null; replicaLagSeconds?: number | null } {
    if (this.reading?.on !== 'replica') return {};
    const { asOf, lagSeconds } = this.reading.status;
    return { asOf, replicaLagSeconds: lagSeconds };
  }

  /** Says once per run, on stderr, that the embedded default is in use (DESIGN §4). */
  private announceEmbedded(target: ConnectionTarget): void {
    if (target.kind !== 'embedded' || this.announced) return;
    this.announced = true;
    this.notice(`using the ${describeTarget(target)} (no database configured)`);
  }

  /** Runs `work` with a fresh EntityManager of this command's database. */
  protected async withEm<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    const db = await this.database();
    return work(db.orm.em.fork() as EntityManager);
  }

  protected get canPrompt(): boolean {
    return promptingAllowed(this.flags?.prompt ?? false) && !this.jsonEnabled();
  }

  /**
   * Fills missing values by prompting on a terminal, or fails with exit 2 naming the flag. When it
   * had to ask, it shows a summary of the record's fields (`fields`, by default those asked about)
   * and asks to confirm before going on (undefined: the user declined).
   */
  protected async complete<V extends Record<string, unknown>>(
    values: V,
    questions: Question[],
    fields: string[] = questions.map((q) => q.flag),
  ): Promise<V | undefined> {
    const { values: out, asked } = await completeValues(values, questions, this.canPrompt);
    if (asked && !(await this.confirmSummary(out, fields))) return undefined;
    return out as V;
  }

  /** Shows the record's `fields` as they will be written and asks "Go ahead?" (false: declined). */
  protected async confirmSummary(values: Record<string, unknown>, fields: string[]): Promise<boolean> {
    const summary = Object.fromEntries(fields.filter((f) => values[f] !== undefined).map((f) => [f, values[f]]));
    process.stderr.write(`\nSummary:\n${renderDetail(summary)}\n`);
    return this.confirm('Go ahead?', false);
  }

  /** The user declined at the confirmation prompt: say so, change nothing, exit 0. */
  protected declined(): undefined {
    this.done('Nothing changed.');
    return undefined;
  }

  /** Prints the outcome of a registry write (nothing under `--json`). */
  protected reportWrite(result: WriteResult<unknown>, label: string, op: 'add' | 'update' = 'add'): void {
    this.done(describeWrite(result, label, op));
  }

  /** Prints one object as `key  value` lines (nothing under `--json`). */
  protected renderObject(obj: object): void {
    if (!this.jsonEnabled() && !this.quiet) process.stdout.write(renderDetail(obj as Record<string, unknown>));
  }

  protected confirm(message: string, yes: boolean, flagHint?: string): Promise<boolean> {
    return confirmAction(message, { yes, canPrompt: this.canPrompt, flagHint });
  }

  /** Confirmation by typing a name, for what cannot be undone (`db init --drop`). */
  protected confirmTyped(message: string, expected: string, yes: boolean): Promise<boolean> {
    return confirmByTyping(message, expected, { yes, canPrompt: this.canPrompt });
  }

  /**
   * `--quiet` (cron): the commands that offer it print nothing when all is well, and only the
   * problems (`problems()`, errors, an interruption) otherwise. `--json` still prints its result.
   */
  protected get quiet(): boolean {
    return (this.flags as { quiet?: boolean } | undefined)?.quiet === true;
  }

  /** A notice for people: stderr, so stdout stays the result. Silent under `--quiet`. */
  protected notice(message: string): void {
    if (this.quiet) return;
    process.stderr.write(`${chalk.dim(message)}\n`);
  }

  /** The human summary line of a command; silent under `--json` and `--quiet`. */
  protected done(message: string): void {
    if (!this.jsonEnabled() && !this.quiet) this.log(message);
  }

  /**
   * The command worked but found problems (DESIGN §8, exit 3): say so on stderr and set the exit
   * code, while the result is still returned and printed as usual.
   */
  protected problems(message: string, actions: string[] = []): void {
    process.exitCode = 3;
    process.stderr.write(
      `${chalk.yellow('Problem:')} ${message}${actions.length ? `\n${chalk.dim(`Try: ${actions.join('; ')}`)}` : ''}\n`,
    );
  }

  /**
   * The command refuses, but its result (what it found, and why it refuses) is still printed, under
   * `--json` too: the error's line on stderr and its exit code, while the result is returned as usual.
   */
  protected refuse(err: OpsError): void {
    process.exitCode = err.exitCode;
    const actions = err.actions.length ? `\n${chalk.dim(`Try: ${err.actions.join('; ')}`)}` : '';
    process.stderr.write(`${chalk.red('Error:')} ${err.message}${actions}\n`);
  }

  /** `--wide`: tables show every column in full, however narrow the terminal. */
  protected get wide(): boolean {
    return (this.flags as { wide?: boolean } | undefined)?.wide === true;
  }

  /**
   * Renders a list in the chosen format unless `--json` prints the result instead; a table fits the
   * terminal (unless `--wide`), with the ids of `shortId` columns as their shortest unique prefix.
   */
  protected renderRows<R>(
    rows: R[],
    columns: Column<R>[],
    format: OutputFormat = 'table',
    wanted?: string[],
    shortIds?: ReadonlyMap<string, string>,
    next: string | null = null,
  ): void {
    selectColumns(columns, wanted); // a bad --columns is refused whatever the format, --json too
    if (this.jsonEnabled() || this.quiet) return;
    const table = { width: terminalWidth(this.wide), shortIds };
    process.stdout.write(renderList(rows, columns, format, wanted, table, { next, ...this.dataAge() }));
  }

  /**
   * A registry list (a small table, read whole): sorted by `--sort` on any column, cut to `--limit`,
   * rendered in the chosen format, and returned as the list's one JSON shape, `{ items, next: null }`.
   */
  protected renderRegistryList<R>(
    rows: R[],
    columns: Column<R>[],
    flags: { output: OutputFormat; columns?: string; sort?: string; limit?: number },
    defaultColumns?: string[],
  ): ListPage<R> {
    const sorted = flags.sort ? sortRows(rows, columns, flags.sort) : rows;
    const items = flags.limit === undefined ? sorted : sorted.slice(0, flags.limit);
    this.renderRows(items, columns, flags.output, flags.columns?.split(',') ?? defaultColumns);
    return { items, next: null };
  }

  /**
   * The shortest unique prefix of every id in `rows` of the `shortId` columns (one query per kind),
   * when a table on a terminal shows them; undefined when ids are shown whole (piped, `--wide`).
   */
  private async shortIds<R>(db: Queryable, rows: R[], columns: Column<R>[]): Promise<Map<string, string> | undefined> {
    if (terminalWidth(this.wide) === undefined) return undefined;
    const map = new Map<string, string>();
    for (const col of columns) {
      if (!col.shortId) continue;
      const ids = rows.map((r) => cellValue(col, r)).filter((v): v is string => typeof v === 'string');
      for (const [id, prefix] of await shortestPrefixes(db, col.shortId, ids)) map.set(id, prefix);
    }
    return map;
  }

  /**
   * A high-volume list (DESIGN §8, §11): one keyset page rendered in the chosen format, with the
   * next `--after` on stderr for people and in the result for `--json`; or, with `--all`, every row
   * streamed in batches in constant memory.
   */
  protected async renderKeysetList<R extends { id: string | number }>(
    db: Queryable,
    list: KeysetList,
    columns: Column<R>[],
    flags: { limit: number; after?: string; all: boolean; sort: string; output: OutputFormat; columns?: string },
  ): Promise<Page<R> | undefined> {
    const wanted = flags.columns?.split(',');
    const order = keysetOrder(
      list,
      sortKey(flags.sort),
      columns.map((c) => c.key),
    );
    const cols = selectColumns(columns, wanted); // a bad --columns is refused before anything is read
    if (flags.all) {
      if (this.jsonEnabled()) {
        throw new UsageError('--all streams rows and cannot be one --json document; use --output ndjson, csv or json');
      }
      const writer = new ListWriter(flags.output, columns, wanted, process.stdout, {
        width: terminalWidth(this.wide),
        shortIds: (rows: R[]) => this.shortIds(db, rows, cols),
      });
      const req = { after: flags.after, order };
      // ndjson, and csv of columns that show their field as it is, are read with COPY and rewritten as text.
      const keys = cols.map((c) => c.key);
      const text =
        flags.output === 'ndjson'
          ? await streamCopyText(db, list, req, jsonLines)
          : flags.output === 'csv' && cols.every(showsItsField)
            ? await streamCopyText(db, list, req, (q, query) => csvRecords(q, query, keys))
            : undefined;
      if (text) {
        for await (const chunk of text) await writer.writeText(chunk);
      } else {
        for await (const batch of streamRows<R>(db, list, req)) await writer.write(batch);
      }
      await writer.end(this.dataAge());
      return undefined;
    }
    const page = await fetchPage<R>(db, list, {
      after: flags.after,
      limit: flags.limit,
      order,
    });
    const tabled = flags.output === 'table' && !this.jsonEnabled() && !this.quiet;
    const shortIds = tabled ? await this.shortIds(db, page.items, cols) : undefined;
    this.renderRows(page.items, columns, flags.output, wanted, shortIds, page.next);
    if (!this.jsonEnabled()) {
      const nouns = list.plural ?? `${list.noun}s`;
      if (page.items.length === 0 && flags.output === 'table') this.notice(`No ${nouns} match.`);
      if (page.next) this.notice(`More ${nouns}: add --after ${page.next} for the next page (or --all).`);
    }
    return page;
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    // The endpoint the failing statement went to: the read replica when this run reads there.
    const target = this.reading?.on === 'replica' ? (this.readTarget ?? this.resolved) : this.resolved;
    const known = err instanceof OpsError ? err : target ? connectionError(err, target) : undefined;
    const command = [this.config.bin, ...(this.id ?? '').split(':')].filter(Boolean).join(' ');
    const flags = { ...this.ctor.baseFlags, ...this.ctor.flags };
    const parseError = describeParseError(err, { flags, args: this.ctor.args ?? {}, command });
    const exitCode = known?.exitCode ?? (parseError === undefined ? exitCodeOf(err) : 2);
    if (exitCode === undefined) throw err; // oclif's own exit (e.g. this.exit()) passes through
    const secrets = [target?.kind === 'server' ? target.password : undefined, this.readTarget?.password];
    // Ctrl-C (or Ctrl-D) at a prompt: the operator stopped it, which is not a fault to investigate.
    const interrupted = err.name === 'ExitPromptError' || err.name === 'AbortPromptError';
    const reason = interrupted ? 'interrupted at a prompt; nothing was written' : (known?.message ?? err.message);
    const message = scrubSecrets(parseError ?? firstLine(reason), secrets);
    const actions = known?.actions?.length ? known.actions : this.defaultActions(exitCode, err, command);
    const problems = known instanceof InvalidValues ? known.problems.map((p) => scrubSecrets(p, secrets)) : undefined;
    process.exitCode = exitCode;
    if (this.jsonEnabled()) {
      const name = known?.name ?? (parseError === undefined ? err.name : 'UsageError');
      const doc: ErrorJson = { error: { name, message, exitCode, actions, ...(problems && { problems }) } };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    }
    // One `Error:` line per problem, then one `Try:` line for them all.
    const lines = (problems ?? [message]).map((line) => `${chalk.red('Error:')} ${line}\n`).join('');
    process.stderr.write(`${lines}${actions.length ? `${chalk.dim(`Try: ${actions.join('; ')}`)}\n` : ''}`);
    if (this.flags?.verbose || process.env.DEBUG) process.stderr.write(`${scrubSecrets(err.stack ?? '', secrets)}\n`);
  }

  /** A `Try:` line for every error (DESIGN §8): the database's own hint, else what fits the exit code. */
  private defaultActions(exitCode: number, err: Error & { hint?: string }, command: string): string[] {
    if (typeof err.hint === 'string' && err.hint) return [err.hint];
    const topic = (this.id ?? '').split(':').slice(0, -1).join(':');
    switch (exitCode) {
      case 2:
        return [`see \`${command} --help\``];
      case 4:
        return topic && this.config.findCommand(`${topic}:list`)
          ? [`\`${this.config.bin} ${topic.replaceAll(':', ' ')} list\` shows what there is`]
          : [`see \`${command} --help\``];
      case 69:
        return [`\`${this.config.bin} doctor\` shows which database is used and whether it answers`];
      case 75:
        return ['try again later'];
      case 130:
        return [];
      default:
        return ['run it again with --verbose for the details'];
    }
  }

  protected override async finally(err: Error | undefined): Promise<void> {
    try {
      await this.opened?.close();
      await this.bare?.close();
      await this.pooled?.close();
    } finally {
      this.opened = undefined;
      this.bare = undefined;
      this.pooled = undefined;
      await super.finally(err);
    }
  }
}

const PARSE_ERRORS = new Set([
  'CLIParseError',
  'RequiredArgsError',
  'UnexpectedArgsError',
  'NonExistentFlagsError',
  'FailedFlagValidationError',
  'ArgInvalidOptionError',
  'FlagInvalidOptionError',
]);

function exitCodeOf(err: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }): number | undefined {
  if (err.name === 'ExitError') return undefined;
  if (PARSE_ERRORS.has(err.constructor.name) || PARSE_ERRORS.has(err.name)) return 2;
  if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') return 130;
  if (err.name === 'NotFoundError') return 4;
  return err.oclif?.exit ?? 1;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? 'unknown error'
  );
}
