import { ObservatorySchema } from './observatory.js';
import { TelescopeSchema } from './telescope.js';

export * from './enums.js';
export * from './observatory.js';
export * from './telescope.js';

/** Every entity of the ops-db, in dependency order; what the ORM is configured with. */
export const entities = [ObservatorySchema, TelescopeSchema];
