import type { DataRule } from './data-rule.js';

/** The rules about physical copies (status and deleted_at, one live copy per location, deletion guards). */
export const COPY_RULES: DataRule[] = [];
