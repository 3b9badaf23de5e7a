import { SourceType } from '../../entities/enums.js';
import type { SourceCoordinates } from '../services/sources.js';

export const SOURCE_TYPES = Object.values(SourceType) as SourceType[];

/** The columns each type requires; every other coordinate column must be empty. */
export const TYPE_FIELDS: Record<SourceType, (keyof SourceCoordinates)[]> = {
  [SourceType.FIXED]: ['ra', 'dec'],
  [SourceType.SOLAR_SYSTEM]: ['ephemeris'],
  [SourceType.CONSTANT_ELEVATION]: ['raMin', 'raMax', 'decMin', 'decMax', 'elevation'],
};
