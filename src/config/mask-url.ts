/** A connection URL safe to show: the password, if any, replaced by `***`. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of ['password', 'sslpassword']) {
      if (parsed.searchParams.has(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/**
 * Removes anything that looks like a password from free text (driver errors sometimes echo the URL;
 * a URL may be typed where it does not belong): the password of any `scheme://user:password@` (up to
 * the last `@` of the word, should the password hold one), `password=` and `sslpassword=` values
 * (conninfo strings, URL parameters), and each of `secrets`.
 */
export function scrubSecrets(text: string, secrets: (string | undefined)[] = []): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)\S*@/gi, '$1***@')
    .replace(/\b((?:ssl)?password=)[^\s&'"]+/gi, '$1***');
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
