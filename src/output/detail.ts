import { cellText } from './columns.js';
import { visible } from './visible.js';

/** One value for people: control characters visible, continuation lines of multi-line text indented. */
const shown = (v: unknown, indent: string) => visible(cellText(v)).replaceAll('\n', `\n${indent}`);

/** An object as aligned `key  value` lines; arrays of names joined, nested lists indented. */
export function renderDetail(obj: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(obj).map((k) => k.length));
  const indent = ' '.repeat(width + 2);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
      lines.push(`${key.padEnd(width)}  (${value.length})`);
      for (const v of value)
        lines.push(
          `  - ${Object.values(v as object)
            .map((x) => shown(x, '    '))
            .filter(Boolean)
            .join('  ')}`,
        );
    } else if (Array.isArray(value) && value.join(', ').length > 60) {
      lines.push(`${key.padEnd(width)}  (${value.length})`);
      for (const v of value) lines.push(`  - ${shown(v, '    ')}`);
    } else if (Array.isArray(value)) {
      lines.push(`${key.padEnd(width)}  ${value.length ? value.map((v) => shown(v, indent)).join(', ') : '(none)'}`);
    } else {
      lines.push(`${key.padEnd(width)}  ${shown(value, indent) || '-'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
