import type { DataRule } from './data-rule.js';

/** The rules about transfers, archive transfers, staging jobs, routes and packages. */
export const MOVEMENT_RULES: DataRule[] = [];
