import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ApiTokenSchema, type ApiToken } from '../../entities/index.js';
import { Conflict, NotFound, UsageError } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { validateInput } from '../registry/validate.js';
import * as fields from '../validation/fields.js';
import { findUser } from './users.js';
import { registryTransaction } from '../registry/registry-write.js';
import { tokenState } from '../registry/token-state.js';

/** Every raw token starts with this; the rest is 32 random bytes, base64url. */
export const TOKEN_PREFIX = 'ops_api_token_';
const PREFIX_LENGTH = 8;

/**
 * What identifies a token without revealing it: the first 8 characters of its random part. (The
 * first 8 of the whole token would be `ops_api_` for every token and identify nothing.)
 */
export function tokenPrefix(tokenOrPrefix: string): string {
  const rest = tokenOrPrefix.startsWith(TOKEN_PREFIX) ? tokenOrPrefix.slice(TOKEN_PREFIX.length) : tokenOrPrefix;
  return rest.slice(0, PREFIX_LENGTH);
}
/** A scope is a permission name: `action:resource` (the same rule as the permission table). */
const SCOPE = /^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/;

export interface TokenView {
  name: string;
  user: string;
  prefix: string;
  scopes: string[];
  active: boolean;
  /** `active`, `revoked` (inactive) or `expired` (active but past its expiry). */
  state: 'active' | 'revoked' | 'expired';
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** The client address of the last use (set by the ops-db API). */
  lastUsedIp: string | null;
  usageCount: number;
  createdAt: Date;
}

/** A created token: the raw token is here, and only here, once. */
export interface CreatedToken {
  token: string;
  item: TokenView;
}

export interface TokenRevocation {
  status: 'revoked' | 'unchanged' | 'would-revoke';
  item: TokenView;
}

/** The rule of each field, for the service and for the prompts that ask for them. */
export const tokenFields = { user: fields.username, name: fields.name };

const CreateInput = z.object({
  user: tokenFields.user,
  name: tokenFields.name,
  scopes: z.array(z.string().regex(SCOPE)),
});

export interface NewToken {
  user: string;
  name: string;
  /** Comma-separated or a list: `read:data,write:data`. */
  scopes?: string | string[];
  /** A duration from now (`90d`, `12h`, `2w`) or a date/time (`2027-01-31`, ISO-8601). */
  expires?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function tokenView(t: ApiToken, now = new Date()): TokenView {
  return {
    name: t.name,
    user: t.user.unwrap().username,
    prefix: t.prefix,
    scopes: [...(t.scopes ?? [])],
    active: t.active,
    state: tokenState(t.active, t.expiresAt ?? null, now),
    expiresAt: t.expiresAt ?? null,
    lastUsedAt: t.lastUsedAt ?? null,
    lastUsedIp: t.lastUsedIp ?? null,
    usageCount: t.usageCount,
    createdAt: t.createdAt,
  };
}

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--expires`: a duration from now (`90d`, `12h`, `2w`) or an ISO-8601 date or date-time (a bare date
 * means 00:00 UTC of that day). Must lie in the future; otherwise exit 2.
 */
export function parseExpiry(value: string, now = new Date()): Date {
  const text = value.trim();
  const duration = /^(\d+)([hdw])$/.exec(text);
  let at: Date;
  if (duration) {
    at = new Date(now.getTime() + Number(duration[1]) * UNITS[duration[2]]);
  } else if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    // Reject dates that JavaScript would roll over (2027-02-30 → March 2).
    if (!Number.isNaN(at.getTime()) && text.length === 10 && at.toISOString().slice(0, 10) !== text) {
      at = new Date(Number.NaN);
    }
  } else {
    at = new Date(Number.NaN);
  }
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() > 9999) {
    throw new UsageError(
      `--expires: '${value}' is neither a duration (90d, 12h, 2w) nor a date (2027-01-31 or ISO-8601)`,
    );
  }
  if (at.getTime() <= now.getTime()) {
    throw new UsageError(`--expires: ${at.toISOString()} is in the past; give a future date or a duration like 90d`);
  }
  return at;
}

function splitScopes(scopes: string | string[] | undefined): string[] {
  const list = Array.isArray(scopes) ? scopes : (scopes ?? '').split(',');
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}

/**
 * Creates a token for a user: only its SHA-256 and its first 8 characters are stored; the raw token
 * is returned once. A live token of the same name is a conflict; a revoked one is replaced.
 */
export async function createToken(em: EntityManager, input: NewToken, now = new Date()): Promise<CreatedToken> {
  const scopes = splitScopes(input.scopes);
  const bad = scopes.find((s) => !SCOPE.test(s));
  if (bad !== undefined) {
    throw new UsageError(`--scopes: '${bad}' must look like action:resource (e.g. read:data)`);
  }
  const data = validateInput(CreateInput, { ...input, scopes });
  const expiresAt = input.expires === undefined ? null : parseExpiry(input.expires, now);
  return registryTransaction(em, async (tx) => {
    const user = await findUser(tx, data.user);
    if (!user.active) {
      throw new Conflict(`user '${user.username}' is inactive`, [
        `activate it with \`ccat-ops user update '${user.username}' --active\``,
      ]);
    }
    const existing = await tx.findOne(ApiTokenSchema, { user, name: data.name });
    if (existing?.active) {
      throw new Conflict(`user '${user.username}' already has a token named '${data.name}'`, [
        `revoke it first with \`ccat-ops token revoke --user '${user.username}' --name '${data.name}'\`, or choose another --name`,
      ]);
    }
    if (existing) {
      // A revoked token keeps its name until it is replaced: the new one takes its place.
      tx.remove(existing);
      await tx.flush();
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = tx.create(ApiTokenSchema, {
      user,
      name: data.name,
      tokenHash: sha256(token),
      prefix: tokenPrefix(token),
      scopes: data.scopes,
      expiresAt,
    });
    await tx.flush();
    return { token, item: tokenView(row, now) };
  });
}

/** Which token to revoke: by user and name, or by prefix (optionally narrowed to a user). */
export interface TokenSelector {
  user?: string;
  name?: string;
  prefix?: string;
}

async function findToken(tx: EntityManager, sel: TokenSelector): Promise<ApiToken> {
  if (sel.name !== undefined) {
    if (sel.user === undefined) throw new UsageError('--name needs --user (token names are unique per user)');
    const user = await findUser(tx, sel.user);
    const found = await tx.findOne(ApiTokenSchema, { user, name: sel.name }, { populate: ['user'] });
    if (found) return found;
    const all = await tx.find(ApiTokenSchema, { user }, { fields: ['name'] });
    throw notFound(
      `token of user '${user.username}' named`,
      sel.name,
      all.map((t) => t.name),
      `token list --user '${user.username}'`,
    );
  }
  if (sel.prefix === undefined) throw new UsageError('say which token: --user and --name, or --prefix');
  const prefix = tokenPrefix(sel.prefix);
  const where = sel.user ? { prefix, user: await findUser(tx, sel.user) } : { prefix };
  const matches = await tx.find(ApiTokenSchema, where, { populate: ['user'], orderBy: { id: 'asc' } });
  const live = matches.filter((t) => t.active);
  const candidates = live.length ? live : matches;
  if (candidates.length === 1) return candidates[0];
  if (!candidates.length) {
    throw new NotFound(`no token with prefix '${prefix}'${sel.user ? ` for user '${sel.user}'` : ''}`, [
      'list them with `ccat-ops token list`',
    ]);
  }
  throw new Conflict(
    `${candidates.length} tokens have prefix '${prefix}' (${candidates
      .map((t) => `${t.user.unwrap().username}/${t.name}`)
      .join(', ')})`,
    ['revoke one with `ccat-ops token revoke --user USER --name NAME`'],
  );
}

/** Deactivates a token; revoking it again changes nothing. */
export async function revokeToken(
  em: EntityManager,
  sel: TokenSelector,
  opts: { dryRun?: boolean } = {},
): Promise<TokenRevocation> {
  return registryTransaction(em, async (tx) => {
    const t = await findToken(tx, sel);
    if (!t.active) return { status: 'unchanged', item: tokenView(t) };
    if (opts.dryRun) return { status: 'would-revoke', item: { ...tokenView(t), active: false, state: 'revoked' } };
    t.active = false;
    await tx.flush();
    return { status: 'revoked', item: tokenView(t) };
  });
}

export function describeRevocation(r: TokenRevocation): string {
  const label = `token '${r.item.name}' of user '${r.item.user}'`;
  switch (r.status) {
    case 'revoked':
      return `Revoked ${label}.`;
    case 'would-revoke':
      return `Would revoke ${label} (dry run: nothing written).`;
    case 'unchanged':
      return `${label[0].toUpperCase()}${label.slice(1)} is already revoked: nothing changed.`;
  }
}
