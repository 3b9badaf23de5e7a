/** Enumerations of the ops-db (DESIGN §5.10). Stored lower-case, checked by PostgreSQL. */

export enum LocationType {
  SOURCE = 'source',
  BUFFER = 'buffer',
  LONG_TERM_ARCHIVE = 'long_term_archive',
  PROCESSING = 'processing',
}

export enum StorageType {
  DISK = 'disk',
  S3 = 's3',
  TAPE = 'tape',
}

export enum RouteType {
  DIRECT = 'direct',
  RELAY = 'relay',
  CUSTOM = 'custom',
}

export enum TransferMethod {
  BBCP = 'bbcp',
  RSYNC = 'rsync',
  S3 = 's3',
  CP = 'cp',
}

export enum Status {
  PENDING = 'pending',
  SCHEDULED = 'scheduled',
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  FAILED = 'failed',
}

/**
 * Staging jobs and their packages: the common status machine plus `cancelled`, for work an
 * operator withdrew before it started (`staging cancel`).
 */
export enum StagingStatus {
  PENDING = 'pending',
  SCHEDULED = 'scheduled',
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}

export enum PackageState {
  WAITING = 'waiting',
  TRANSFERRING = 'transferring',
  ARCHIVED = 'archived',
  FAILED = 'failed',
}

export enum PhysicalCopyStatus {
  PRESENT = 'present',
  STAGED = 'staged',
  DELETION_SCHEDULED = 'deletion_scheduled',
  DELETION_IN_PROGRESS = 'deletion_in_progress',
  DELETION_POSSIBLE = 'deletion_possible',
  DELETED = 'deleted',
  DELETION_FAILED = 'deletion_failed',
}

export enum ExecutedObsUnitStatus {
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  ABORTED = 'aborted',
}

export enum ChecksumAlgorithm {
  SHA256 = 'sha256',
  MD5 = 'md5',
  XXH64 = 'xxh64',
  ADLER32 = 'adler32',
}

export enum SourceType {
  FIXED = 'fixed',
  SOLAR_SYSTEM = 'solar_system',
  CONSTANT_ELEVATION = 'constant_elevation',
}

export enum CopyType {
  RAW_DATA_FILE = 'raw_data_file',
  RAW_DATA_PACKAGE = 'raw_data_package',
  DATA_TRANSFER_PACKAGE = 'data_transfer_package',
}

export enum AuditMode {
  EXISTS = 'exists',
  SIZE = 'size',
  CHECKSUM = 'checksum',
}

export enum AuditRunStatus {
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  ABORTED = 'aborted',
}

export enum AuditFindingKind {
  MISSING = 'missing',
  SIZE_MISMATCH = 'size_mismatch',
  CHECKSUM_MISMATCH = 'checksum_mismatch',
  DARK = 'dark',
  UNREADABLE = 'unreadable',
  /** The copy's checksum algorithm is one this tool cannot compute (legacy rows). */
  UNKNOWN_ALGORITHM = 'unknown_algorithm',
  /** The recorded path, or a link on the way, leads outside the location's root: not read. */
  OUTSIDE_ROOT = 'outside_root',
}

/**
 * What an audit batch covers: a list of copies, the walk of the location's tree for dark files, or
 * a sweep of all the location's copies in path order (with the walk alongside, for dark files).
 */
export enum AuditBatchKind {
  COPIES = 'copies',
  DARK = 'dark',
  SWEEP = 'sweep',
}

export enum AuditBatchStatus {
  PENDING = 'pending',
  CLAIMED = 'claimed',
}

/** Which instrument an observation configuration is for; a CHAI one has its details in `chai_observation_configuration`. */
export enum ObservationConfigurationType {
  CHAI = 'chai',
  PRIME_CAM = 'prime_cam',
}

/** The sideband of a heterodyne receiver the line is observed in. */
export enum Sideband {
  USB = 'usb',
  LSB = 'lsb',
}

/** Along which axis of an on-the-fly map the telescope scans: one, or both (a basket weave). */
export enum ScanDirection {
  X = 'x',
  Y = 'y',
  BOTH = 'both',
}
