import { INPUT_LIMITS, inputLines } from './input-file.js';
import { UsageError } from '../errors.js';
import { CHECKSUM_HEX_LENGTH, type ChecksumAlgorithmName } from '../audit/checksum.js';

export interface ManifestEntry {
  checksum: string;
  path: string;
}

/**
 * A checksum list as `sha256sum`/`md5sum` print it: `CHECKSUM  PATH` (or `CHECKSUM *PATH` for
 * binary mode) per line; a line starting with `\` has `\\` and `\n` escaped in its path. Blank
 * lines and `#` comments are skipped. Exit 2 naming the line for anything else.
 */
export function readManifest(file: string, algorithm: ChecksumAlgorithmName): ManifestEntry[] {
  const hex = CHECKSUM_HEX_LENGTH[algorithm];
  const entries: ManifestEntry[] = [];
  let i = -1;
  // Line by line: a file that is not a manifest fails at its first line, not after being read whole.
  const lines = inputLines(file, '--manifest', {
    maxBytes: INPUT_LIMITS.manifest,
    maxLineBytes: INPUT_LIMITS.manifestLine,
  });
  for (const raw of lines) {
    i += 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const escaped = line.startsWith('\\');
    const match = /^([0-9a-fA-F]+) [ *](.+)$/.exec(escaped ? line.slice(1) : line);
    if (!match || match[1].length !== hex) {
      throw new UsageError(
        `--manifest: ${file}:${i + 1} is not a ${algorithm} line ('CHECKSUM  PATH' with ${hex} hex digits)`,
        [
          `write the manifest with ${algorithm === 'sha256' ? 'sha256sum' : algorithm === 'md5' ? 'md5sum' : `${algorithm}sum`}, or pass --algorithm`,
        ],
      );
    }
    const path = escaped ? match[2].replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : match[2];
    entries.push({ checksum: match[1].toLowerCase(), path });
  }
  return entries;
}
