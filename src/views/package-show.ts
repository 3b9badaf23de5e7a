import sql from 'sql-template-tag';
import type { ChecksumAlgorithm, PackageState, Status } from '../../entities/enums.js';
import { NotFound } from '../errors.js';
import { itemCopiesSql, type ItemCopy } from './file-show.js';
import { packageId } from './names.js';
import { one, rows, type Queryable } from './queryable.js';

export interface PackageBundle {
  id: number;
  name: string;
  status: Status;
  sizeBytes: number | null;
  retryCount: number;
}

/** A data transfer of the package's bundle. */
export interface PackageTransfer {
  id: number;
  route: string | null;
  origin: string;
  destination: string;
  status: Status;
  retryCount: number;
  updatedAt: Date;
}

/** A long-term-archive transfer of the package. */
export interface PackageArchiveTransfer {
  id: number;
  origin: string;
  destination: string;
  status: Status;
  retryCount: number;
  finishedAt: Date | null;
  errorMessage: string | null;
}

/** The IVOA (ObsCore) metadata of a package (`raw_data_package_metadata`). */
export interface PackageIvoaMetadata {
  dataproductType: string | null;
  calibLevel: number;
  targetName: string | null;
  raDeg: number | null;
  decDeg: number | null;
  fovDeg: number | null;
  region: string | null;
  timeMin: Date | null;
  timeMax: Date | null;
  exposureTimeS: number | null;
  freqMinGhz: number | null;
  freqMaxGhz: number | null;
  resolvingPower: number | null;
  polarizationStates: string | null;
  extra: Record<string, unknown> | null;
}

export interface PackageDetail {
  id: string;
  name: string;
  /** The executed obs unit id. */
  executed: string;
  obsUnit: string;
  program: string;
  /** `INSTRUMENT/MODULE`. */
  module: string;
  relativePath: string;
  sizeBytes: number | null;
  checksumAlgorithm: ChecksumAlgorithm | null;
  checksum: string | null;
  state: PackageState;
  status: Status;
  retryCount: number;
  archivedAt: Date | null;
  /** When it was first sealed (its files fixed for good: raw_data_package_sealed_for_good); null while open. */
  sealedAt: Date | null;
  metadata: Record<string, unknown> | null;
  /** Raw data files packed in it. */
  files: number;
  createdAt: Date;
  updatedAt: Date;
  /** Its IVOA metadata, null until recorded. */
  ivoaMetadata: PackageIvoaMetadata | null;
  /** The data groupings it is in, by name. */
  groupings: string[];
  /** Every physical copy, deleted ones too, oldest first. */
  copies: ItemCopy[];
  /** The data transfer package it travels in; null until bundled. */
  bundle: PackageBundle | null;
  /** The bundle's data transfers, oldest first. */
  transfers: PackageTransfer[];
  /** Its long-term-archive transfers, oldest first. */
  archiveTransfers: PackageArchiveTransfer[];
}

type PackageFields = Omit<
  PackageDetail,
  'ivoaMetadata' | 'groupings' | 'copies' | 'bundle' | 'transfers' | 'archiveTransfers'
>;

/**
 * One raw data package, by name or id, with its IVOA metadata, its data groupings, its copies, its
 * bundle and the bundle's transfers, and its long-term-archive transfers; exit 4 (with the nearest name) when there is none.
 */
export async function showPackage(db: Queryable, key: string): Promise<PackageDetail> {
  const id = await packageId(db, key);
  const found = await one<PackageFields & { bundleId: number | null }>(
    db,
    sql`select p.id, p.name, p.executed_obs_unit_id as executed, o.name as "obsUnit", pr.short_name as program,
               i.name || '/' || m.name as module, p.relative_path as "relativePath", p.size_bytes as "sizeBytes",
               p.checksum_algorithm as "checksumAlgorithm", p.checksum, p.state, p.status,
               p.retry_count as "retryCount", p.archived_at as "archivedAt", p.sealed_at as "sealedAt", p.metadata,
               (select count(*) from raw_data_file f where f.raw_data_package_id = p.id) as files,
               p.created_at as "createdAt", p.updated_at as "updatedAt", p.data_transfer_package_id as "bundleId"
          from raw_data_package p
          join instrument_module m on m.id = p.instrument_module_id join instrument i on i.id = m.instrument_id
          join executed_obs_unit e on e.id = p.executed_obs_unit_id
          join obs_unit o on o.id = e.obs_unit_id
          join observing_program pr on pr.id = o.observing_program_id
         where p.id = ${id}::uuid`,
  );
  if (!found) throw new NotFound(`no raw data package ${key}`, ['list them with `ccat-ops package list`']);
  const { bundleId, ...pkg } = found;
  const copies = await rows<ItemCopy>(db, itemCopiesSql('raw_data_package_id', id, pkg.relativePath));
  const bundle =
    bundleId === null
      ? null
      : ((await one<PackageBundle>(
          db,
          sql`select id, name, status, size_bytes as "sizeBytes", retry_count as "retryCount"
                from data_transfer_package where id = ${bundleId}`,
        )) ?? null);
  const transfers =
    bundleId === null
      ? []
      : await rows<PackageTransfer>(
          db,
          sql`select t.id, r.name as route, os.short_name || '/' || ol.name as origin,
                     ds.short_name || '/' || dl.name as destination, t.status, t.retry_count as "retryCount",
                     t.updated_at as "updatedAt"
                from data_transfer t
                join data_location ol on ol.id = t.origin_location_id join site os on os.id = ol.site_id
                join data_location dl on dl.id = t.destination_location_id join site ds on ds.id = dl.site_id
                left join data_transfer_route r on r.id = t.route_id
               where t.data_transfer_package_id = ${bundleId}
               order by t.id`,
        );
  const archiveTransfers = await rows<PackageArchiveTransfer>(
    db,
    sql`select a.id, os.short_name || '/' || ol.name as origin, ds.short_name || '/' || dl.name as destination,
               a.status, a.retry_count as "retryCount", a.finished_at as "finishedAt", a.error_message as "errorMessage"
          from long_term_archive_transfer a
          join data_location ol on ol.id = a.origin_location_id join site os on os.id = ol.site_id
          join data_location dl on dl.id = a.destination_location_id join site ds on ds.id = dl.site_id
         where a.raw_data_package_id = ${id}::uuid
         order by a.id`,
  );
  const ivoaMetadata =
    (await one<PackageIvoaMetadata>(
      db,
      sql`select dataproduct_type as "dataproductType", calib_level as "calibLevel", target_name as "targetName",
                 ra_deg as "raDeg", dec_deg as "decDeg", fov_deg as "fovDeg", region,
                 time_min as "timeMin", time_max as "timeMax", exposure_time_s as "exposureTimeS",
                 freq_min_ghz as "freqMinGhz", freq_max_ghz as "freqMaxGhz", resolving_power as "resolvingPower",
                 polarization_states as "polarizationStates", extra
            from raw_data_package_metadata where raw_data_package_id = ${id}::uuid`,
    )) ?? null;
  // Served by data_grouping_raw_data_package_raw_data_package_id_index.
  const groupings = (
    await rows<{ name: string }>(
      db,
      sql`select g.name from data_grouping_raw_data_package gp join data_grouping g on g.id = gp.data_grouping_id
           where gp.raw_data_package_id = ${id}::uuid order by g.name`,
    )
  ).map((g) => g.name);
  return { ...pkg, ivoaMetadata, groupings, copies, bundle, transfers, archiveTransfers };
}
