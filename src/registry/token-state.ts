/** A token's state at `now`: `revoked` (inactive), `expired` (active but past its expiry) or `active`. */
export function tokenState(active: boolean, expiresAt: Date | null, now: Date): 'active' | 'revoked' | 'expired' {
  if (!active) return 'revoked';
  return expiresAt !== null && expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
