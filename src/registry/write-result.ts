import { visible } from '../output/visible.js';

/** What a registry write did, or would do under `--dry-run`. */
export type WriteStatus = 'created' | 'unchanged' | 'updated' | 'would-create' | 'would-update';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface WriteResult<V> {
  status: WriteStatus;
  item: V;
  /** For updates (and conflicting adds): each field that differs. */
  changes: FieldChange[];
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return String(a) === String(b);
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `wanted` (those given, i.e. not undefined) whose values differ from `current`. */
export function diffFields(current: Record<string, unknown>, wanted: Record<string, unknown>): FieldChange[] {
  return Object.entries(wanted)
    .filter(([, v]) => v !== undefined)
    .filter(([k, v]) => !same(current[k], v))
    .map(([field, after]) => ({ field, before: current[field] ?? null, after }));
}

/** `field: before → after`, one per line, for people (control characters of stored text made visible). */
export function describeChanges(changes: FieldChange[]): string {
  const show = (v: unknown) =>
    v === null || v === undefined ? '(none)' : typeof v === 'string' ? visible(v) : JSON.stringify(v);
  return changes.map((c) => `  ${c.field}: ${show(c.before)} → ${show(c.after)}`).join('\n');
}
