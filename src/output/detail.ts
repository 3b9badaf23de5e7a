import { cellText } from './columns.js';

/** An object as aligned `key  value` lines; arrays of names joined, nested lists indented. */
export function renderDetail(obj: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(obj).map((k) => k.length));
  const lines: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
      lines.push(`${key.padEnd(width)}  (${value.length})`);
      for (const v of value)
        lines.push(
          `  - ${Object.values(v as object)
            .map(cellText)
            .filter(Boolean)
            .join('  ')}`,
        );
    } else if (Array.isArray(value) && value.join(', ').length > 60) {
      lines.push(`${key.padEnd(width)}  (${value.length})`);
      for (const v of value) lines.push(`  - ${cellText(v)}`);
    } else if (Array.isArray(value)) {
      lines.push(`${key.padEnd(width)}  ${value.length ? value.join(', ') : '(none)'}`);
    } else {
      lines.push(`${key.padEnd(width)}  ${cellText(value) || '-'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
