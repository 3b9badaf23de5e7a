import prettyBytes from 'pretty-bytes';

/** Sizes for people: `1.2 TB` (decimal units, as storage is sold); blank when unknown. */
export function formatBytes(value: unknown): string {
  return typeof value === 'number' ? prettyBytes(value) : '';
}
