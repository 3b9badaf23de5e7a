import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TimestampedSchema } from './base.js';
import { RawDataPackageSchema } from './raw-data-package.js';
import { updatedAtTrigger } from './updated-at-trigger.js';

/**
 * What an IVOA (ObsCore) record of a raw data package needs beyond the package itself, kept apart
 * so the package row stays lean: at most one per package. Frequencies in GHz as everywhere here
 * (ObsCore's em_min/em_max are c/freq_max and c/freq_min); anything else in `extra`.
 */
export const RawDataPackageMetadataSchema = defineEntity({
  name: 'RawDataPackageMetadata',
  extends: TimestampedSchema,
  properties: {
    id: p.integer().primary().autoincrement(),
    rawDataPackage: () => p.oneToOne(RawDataPackageSchema).owner().ref().unique().deleteRule('cascade'),
    /** ObsCore dataproduct_type: `cube`, `spectrum`, `timeseries`, … */
    dataproductType: p.string().length(32).nullable(),
    /** ObsCore calib_level: 0 (raw instrumental) to 4. */
    calibLevel: p.integer().default(0),
    targetName: p.string().length(255).nullable(),
    raDeg: p.double().nullable(),
    decDeg: p.double().nullable(),
    fovDeg: p.double().nullable(),
    /** ObsCore s_region (an STC-S or similar region string). */
    region: p.text().nullable(),
    timeMin: p.datetime().nullable(),
    timeMax: p.datetime().nullable(),
    exposureTimeS: p.double().nullable(),
    freqMinGhz: p.double().nullable(),
    freqMaxGhz: p.double().nullable(),
    /** ObsCore em_res_power: λ/δλ. */
    resolvingPower: p.double().nullable(),
    polarizationStates: p.string().length(64).nullable(),
    extra: p.json<Record<string, unknown>>().nullable(),
  },
  // Quoted bounds on double columns: see entities/source.ts.
  checks: [
    { name: 'raw_data_package_metadata_calib_level_range', expression: 'calib_level >= 0 and calib_level <= 4' },
    { name: 'raw_data_package_metadata_ra_range', expression: "ra_deg >= '0' and ra_deg < '360'" },
    { name: 'raw_data_package_metadata_dec_range', expression: "dec_deg >= '-90' and dec_deg <= '90'" },
    { name: 'raw_data_package_metadata_fov_positive', expression: "fov_deg > '0'" },
    { name: 'raw_data_package_metadata_time_order', expression: 'time_min <= time_max' },
    { name: 'raw_data_package_metadata_exposure_not_negative', expression: "exposure_time_s >= '0'" },
    {
      name: 'raw_data_package_metadata_freq_range',
      expression: "freq_min_ghz > '0' and freq_max_ghz > '0' and freq_min_ghz <= freq_max_ghz",
    },
    { name: 'raw_data_package_metadata_resolving_power_positive', expression: "resolving_power > '0'" },
  ],
  triggers: [updatedAtTrigger('raw_data_package_metadata')],
});

export type RawDataPackageMetadata = InferEntity<typeof RawDataPackageMetadataSchema>;
