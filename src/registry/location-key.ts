import { UsageError } from '../errors.js';

/** Splits `SITE/NAME` (at the first `/`; site short names cannot contain one); exit 2 otherwise. */
export function parseLocationKey(key: string, flag?: string): { site: string; name: string } {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) {
    const what = flag ? `--${flag}: ` : '';
    throw new UsageError(`${what}'${key}' is not a location address; write it as SITE/NAME (e.g. ccat/buffer)`);
  }
  return { site: key.slice(0, slash), name: key.slice(slash + 1) };
}
