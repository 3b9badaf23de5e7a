/** Where a location keeps its data, in one short phrase (`fyst-buffer:/data/buffer`, `s3://bucket`). */
export function locationWhere(l: {
  storageType: string;
  host?: string | null;
  rootPath?: string | null;
  endpointUrl?: string | null;
  bucket?: string | null;
  library?: string | null;
}): string {
  if (l.storageType === 's3') return `s3://${l.bucket ?? ''}${l.endpointUrl ? ` at ${l.endpointUrl}` : ''}`;
  if (l.storageType === 'tape') return `tape ${l.library ?? ''}${l.rootPath ? `:${l.rootPath}` : ''}`;
  return `${l.host ? `${l.host}:` : ''}${l.rootPath ?? ''}`;
}

/**
 * Whether `host` (a location's `--host`) names the machine this runs on, as `os.hostname()` knows it
 * (the name audit runs and the embedded lock record): the same name in any case, or the short name
 * of the other (`fyst-buffer` and `fyst-buffer.ccat.example`), or `localhost`.
 */
export function isThisHost(host: string, here: string): boolean {
  const norm = (h: string) => h.trim().toLowerCase().replace(/\.$/, '');
  const [a, b] = [norm(host), norm(here)];
  if (a === b || ['localhost', '127.0.0.1', '::1'].includes(a)) return true;
  const short = (h: string) => h.split('.')[0];
  return (!a.includes('.') || !b.includes('.')) && short(a) === short(b);
}
