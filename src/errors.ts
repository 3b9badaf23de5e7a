/**
 * Domain errors. Each carries the exit code of DESIGN §8 and, where there is one, the next thing to
 * try; the base command renders them as one line.
 */
export class OpsError extends Error {
  readonly exitCode: number = 1;
  readonly actions: string[];

  constructor(message: string, actions: string[] = []) {
    super(message);
    this.name = new.target.name;
    this.actions = actions;
  }
}

/** A flag or value is wrong: exit 2. */
export class UsageError extends OpsError {
  override readonly exitCode = 2;
}

/**
 * Several values are wrong at once (exit 2): each problem is its own line (`--latitude: must be
 * between -90 and 90`), so one run tells the operator everything to fix.
 */
export class InvalidValues extends UsageError {
  readonly problems: string[];

  constructor(problems: string[], actions: string[] = []) {
    super(problems.join('; '), actions);
    this.problems = problems;
    this.name = 'UsageError'; // to scripts (`--json`) it is a usage error like any other
  }
}

/** What was asked for does not exist: exit 4. */
export class NotFound extends OpsError {
  override readonly exitCode = 4;
}

/** A service or storage it needs is unavailable (database unreachable, path missing): exit 69. */
export class Unavailable extends OpsError {
  override readonly exitCode = 69;
}

/** A lock is held by someone else; try later: exit 75. */
export class Busy extends OpsError {
  override readonly exitCode = 75;
}

/** The operation is refused by policy (e.g. destructive work in production): exit 1. */
export class Refused extends OpsError {}

/** What the user asked for contradicts what exists (e.g. `add` with different values): exit 1. */
export class Conflict extends OpsError {}
