import { cellText } from './columns.js';
import type { PackageIvoaMetadata } from '../views/package-show.js';

/** A package's IVOA metadata for people: its recorded fields as `name value`, comma-separated. */
export function describeIvoaMetadata(m: PackageIvoaMetadata): string {
  return Object.entries(m)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${cellText(v)}`)
    .join(', ');
}
