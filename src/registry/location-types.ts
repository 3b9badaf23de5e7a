import { LocationType, StorageType } from '../../entities/enums.js';

/** The values `--type` and `--storage` of the location commands take. */
export const LOCATION_TYPES = Object.values(LocationType);
export const STORAGE_TYPES = Object.values(StorageType);
