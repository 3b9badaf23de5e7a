import { createHash } from 'node:crypto';
import { createAdler32, createXXHash64 } from 'hash-wasm';

/** The checksum algorithms of DESIGN §5.3, and how to compute each incrementally. */
export const CHECKSUM_ALGORITHMS = ['sha256', 'md5', 'xxh64', 'adler32'] as const;
export type ChecksumAlgorithmName = (typeof CHECKSUM_ALGORITHMS)[number];

export const isChecksumAlgorithm = (value: string | null | undefined): value is ChecksumAlgorithmName =>
  (CHECKSUM_ALGORITHMS as readonly string[]).includes(value ?? '');

export interface Hasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex, as `sha256sum`, `md5sum`, `xxh64sum` print it (adler32: 8 hex digits, big-endian). */
  digest(): string;
}

/** sha256 and md5 run in OpenSSL (as fast as `sha256sum`); xxh64 and adler32 in WebAssembly. */
export async function createHasher(algorithm: ChecksumAlgorithmName): Promise<Hasher> {
  return (await sequentialHashers(algorithm))();
}

/**
 * Hashers of one algorithm made synchronously, one after the other (each done before the next is
 * made: the WebAssembly ones share one instance, reset for each).
 */
export async function sequentialHashers(algorithm: ChecksumAlgorithmName): Promise<() => Hasher> {
  if (algorithm === 'sha256' || algorithm === 'md5') {
    return () => {
      const hash = createHash(algorithm);
      return { update: (chunk) => hash.update(chunk), digest: () => hash.digest('hex') };
    };
  }
  const hash = algorithm === 'xxh64' ? await createXXHash64() : await createAdler32();
  return () => {
    hash.init();
    return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('hex') };
  };
}

/** Hex digits of each algorithm's checksum, to reject a malformed manifest line early. */
export const CHECKSUM_HEX_LENGTH: Record<ChecksumAlgorithmName, number> = {
  sha256: 64,
  md5: 32,
  xxh64: 16,
  adler32: 8,
};
