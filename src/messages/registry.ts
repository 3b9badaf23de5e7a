import { describeChanges, type WriteResult } from '../registry/write-result.js';

/** One line (plus the changes, for updates) saying what a registry write did. */
export function describeWrite(result: WriteResult<unknown>, label: string, op: 'add' | 'update' = 'add'): string {
  switch (result.status) {
    case 'created':
      return `Registered ${label}.`;
    case 'would-create':
      return `Would register ${label} (dry run: nothing written).`;
    case 'unchanged':
      return `${label[0].toUpperCase()}${label.slice(1)} ${op === 'add' ? 'is already registered' : 'already has these values'}: nothing changed.`;
    case 'updated':
      return `Updated ${label}:\n${describeChanges(result.changes)}`;
    case 'would-update':
      return `Would update ${label} (dry run: nothing written):\n${describeChanges(result.changes)}`;
  }
}
