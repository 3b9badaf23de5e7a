import { COPY_RULES } from './copy-rules.js';
import type { DataRule } from './data-rule.js';
import { EXECUTION_RULES } from './execution-rules.js';
import { KEPT_VALUE_RULES } from './kept-value-rules.js';
import { LOCATION_RULES } from './location-rules.js';
import { MOVEMENT_RULES } from './movement-rules.js';
import { PACKAGE_RULES } from './package-rules.js';
import { USER_RULES } from './user-rules.js';

export type { DataRule, Validation } from './data-rule.js';
export { validateConstraint } from './data-rule.js';

/** Every rule of the lifecycle PostgreSQL enforces, in the order `db check --data` reports them. */
export const DATA_RULES: readonly DataRule[] = [
  ...EXECUTION_RULES,
  ...COPY_RULES,
  ...KEPT_VALUE_RULES,
  ...MOVEMENT_RULES,
  ...PACKAGE_RULES,
  ...LOCATION_RULES,
  ...USER_RULES,
];
