import { stripVTControlCharacters } from 'node:util';
import sparkly from 'sparkly';

/** Daily amounts as a sparkline from zero (people look before they read); flat when all are zero. */
export function sparkline(values: number[]): string {
  if (values.every((v) => v === 0)) return '▁'.repeat(values.length);
  return stripVTControlCharacters(sparkly(values, { minimum: 0 }));
}
