import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/** A site holding data (`ccat`, `cologne`, `us`, `ramses`); operators name it by `shortName`. */
export const SiteSchema = defineEntity({
  name: 'Site',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    shortName: p.string().length(64).unique(),
    name: p.string().length(255),
    description: p.text().nullable(),
    /** Where the site is on Earth (`Cerro Chajnantor, Chile`); the original's `site.location`. */
    geographicLocation: p.string().length(255).nullable().fieldName('location'),
  },
  triggers: [updatedAtTrigger('site')],
});

export type Site = InferEntity<typeof SiteSchema>;
