import { UsageError } from '../errors.js';
import { FINDING_KINDS, type FindingKind } from './run-ledger.js';

/** `5%`, `5` (per cent) or `0.5%` → a fraction in (0, 1]; exit 2 naming the flag otherwise. */
export function percent(value: string, flag: string, opts: { zero?: boolean } = {}): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
  const n = match ? Number(match[1]) / 100 : NaN;
  const low = opts.zero ? n >= 0 : n > 0;
  if (!Number.isFinite(n) || !low || n > 1) {
    throw new UsageError(
      `--${flag}: '${value}' is not a percentage in ${opts.zero ? '[0' : '(0'}, 100%]; write it like 5% or 0.5%`,
    );
  }
  return n;
}

/** `--fail-on missing,dark` → the finding kinds that make the exit code 3. */
export function failOn(value: string | undefined): FindingKind[] {
  if (value === undefined || value.trim() === 'all') return [...FINDING_KINDS];
  if (value.trim() === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(FINDING_KINDS as readonly string[]).includes(k));
  if (bad.length) {
    throw new UsageError(`--fail-on: unknown finding kind ${bad.map((b) => `'${b}'`).join(', ')}`, [
      `use any of ${FINDING_KINDS.join(', ')} (comma-separated), all, or none`,
    ]);
  }
  const twice = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (twice) throw new UsageError(`--fail-on: kind '${twice}' is named twice; name each kind once`);
  return kinds as FindingKind[];
}
