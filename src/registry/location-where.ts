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
