const UNITS: [number, string][] = [
  [365 * 24 * 3600, 'y'],
  [30 * 24 * 3600, 'mo'],
  [7 * 24 * 3600, 'w'],
  [24 * 3600, 'd'],
  [3600, 'h'],
  [60, 'm'],
];

/** A time for tables: "3h ago", "in 2d", "just now" (JSON and CSV keep ISO-8601 UTC). */
export function humanTime(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return 'just now';
  const [size, unit] = UNITS.find(([s]) => abs >= s)!;
  const n = Math.floor(abs / size);
  return seconds >= 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
}
