import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { UserSchema, type User } from '../../entities/index.js';
import { Conflict } from '../errors.js';
import { notFound } from '../registry/lookup.js';
import { addOrKeep, applyUpdate, registryTransaction } from '../registry/registry-write.js';
import { validateInput } from '../registry/validate.js';
import type { WriteResult } from '../registry/write-result.js';
import * as fields from '../validation/fields.js';
import { findRole } from './roles.js';
import type { TokenView } from './tokens.js';

export interface UserView {
  username: string;
  fullName: string | null;
  email: string | null;
  githubLogin: string | null;
  active: boolean;
  roles: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface UserDetail extends UserView {
  permissions: string[];
  /** The user's tokens: never the token itself nor its hash. */
  tokens: Omit<TokenView, 'user'>[];
}

/** What `user grant`/`user revoke` did, or would do under `--dry-run`. */
export interface RoleChange {
  status: 'granted' | 'revoked' | 'unchanged' | 'would-grant' | 'would-revoke';
  username: string;
  role: string;
  roles: string[];
}

const email = z
  .string()
  .trim()
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u, 'must be an email address like alice@example.org');
const githubLogin = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
    'must be a GitHub login (letters, digits and single hyphens, at most 39 characters)',
  );

/** The rule of each field, for the service and for the prompts that ask for them. */
export const userFields = { username: fields.username, fullName: fields.name, email, githubLogin };

const Details = {
  fullName: fields.name.optional(),
  email: email.optional(),
  githubLogin: githubLogin.optional(),
};
const AddInput = z.object({ username: fields.username, ...Details });
const UpdateInput = z.object({ ...Details, active: z.boolean().optional() });

export type NewUser = z.input<typeof AddInput>;
export type UserChanges = z.input<typeof UpdateInput>;

const flagOf = (field: string) => ({ fullName: 'full-name', githubLogin: 'github-login' })[field] ?? field;

function view(u: User): UserView {
  return {
    username: u.username,
    fullName: u.fullName ?? null,
    email: u.email ?? null,
    githubLogin: u.githubLogin ?? null,
    active: u.active,
    roles: u.roles.isInitialized()
      ? u.roles
          .getItems()
          .map((r) => r.name)
          .sort()
      : [],
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/** The user of that username (roles loaded), or exit 4 with the nearest name. */
export async function findUser(em: EntityManager, name: string): Promise<User> {
  const found = await em.findOne(UserSchema, { username: name }, { populate: ['roles'] });
  if (found) return found;
  const all = await em.find(UserSchema, {}, { fields: ['username'] });
  throw notFound(
    'user',
    name,
    all.map((u) => u.username),
    'user list',
  );
}

/**
 * A GitHub login belongs to one user only, in any case (GitHub's logins are case-insensitive): exit 1
 * naming who has it. The pre-check for a nicer message: user_github_login_unique_any_case enforces it.
 */
async function checkGithubLogin(tx: EntityManager, login: string | undefined, self: string): Promise<void> {
  if (!login) return;
  // `$ilike` is equality here: a login is letters, digits and hyphens only (no `%` or `_`).
  const other = await tx.findOne(UserSchema, { githubLogin: { $ilike: login }, username: { $ne: self } });
  if (other) {
    const as = other.githubLogin === login ? '' : ` (as '${other.githubLogin}': GitHub logins ignore case)`;
    throw new Conflict(`GitHub login '${login}' already belongs to user '${other.username}'${as}`, [
      `see \`ccat-ops user show '${other.username}'\``,
    ]);
  }
}

/** Registers a user; the same again is a no-op, different values are a conflict pointing to `update`. */
export async function addUser(
  em: EntityManager,
  input: NewUser,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<UserView>> {
  const data = validateInput(AddInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const { username: name, ...wanted } = data;
    const existing = await tx.findOne(UserSchema, { username: name }, { populate: ['roles'] });
    if (!existing) await checkGithubLogin(tx, wanted.githubLogin, name);
    return addOrKeep(tx, {
      existing,
      view,
      wanted,
      create: () => tx.create(UserSchema, { ...wanted, username: name }),
      dryRun: opts.dryRun,
      label: `user '${name}'`,
      updateCommand: `ccat-ops user update '${name}'`,
    });
  });
}

/** Changes a user's details or active flag; shows before and after. */
export async function updateUser(
  em: EntityManager,
  name: string,
  input: UserChanges,
  opts: { dryRun?: boolean } = {},
): Promise<WriteResult<UserView>> {
  const data = validateInput(UpdateInput, input, flagOf);
  return registryTransaction(em, async (tx) => {
    const u = await findUser(tx, name);
    await checkGithubLogin(tx, data.githubLogin, u.username);
    return applyUpdate(tx, {
      entity: u,
      view,
      wanted: data,
      apply: () => {
        tx.assign(u, Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)));
      },
      dryRun: opts.dryRun,
    });
  });
}

async function changeRole(
  em: EntityManager,
  name: string,
  roleName: string,
  grant: boolean,
  dryRun = false,
): Promise<RoleChange> {
  return registryTransaction(em, async (tx) => {
    const u = await findUser(tx, name);
    const role = await findRole(tx, roleName);
    const has = u.roles.contains(role);
    const result = (status: RoleChange['status']): RoleChange => ({
      status,
      username: u.username,
      role: role.name,
      roles: view(u).roles,
    });
    if (has === grant) return result('unchanged');
    if (dryRun) {
      const r = result(grant ? 'would-grant' : 'would-revoke');
      r.roles = grant ? [...r.roles, role.name].sort() : r.roles.filter((n) => n !== role.name);
      return r;
    }
    if (grant) u.roles.add(role);
    else u.roles.remove(role);
    await tx.flush();
    return result(grant ? 'granted' : 'revoked');
  });
}

/** Gives a user a role; granting it again changes nothing. */
export function grantRole(em: EntityManager, name: string, role: string, opts: { dryRun?: boolean } = {}) {
  return changeRole(em, name, role, true, opts.dryRun);
}

/** Takes a role from a user; revoking one they do not have changes nothing. */
export function revokeRole(em: EntityManager, name: string, role: string, opts: { dryRun?: boolean } = {}) {
  return changeRole(em, name, role, false, opts.dryRun);
}

/** One line for people: what a grant or revoke did. */
export function describeRoleChange(c: RoleChange): string {
  const who = `user '${c.username}'`;
  switch (c.status) {
    case 'granted':
      return `Granted role '${c.role}' to ${who}.`;
    case 'revoked':
      return `Revoked role '${c.role}' from ${who}.`;
    case 'would-grant':
      return `Would grant role '${c.role}' to ${who} (dry run: nothing written).`;
    case 'would-revoke':
      return `Would revoke role '${c.role}' from ${who} (dry run: nothing written).`;
    case 'unchanged':
      return c.roles.includes(c.role)
        ? `User '${c.username}' already has role '${c.role}': nothing changed.`
        : `User '${c.username}' does not have role '${c.role}': nothing changed.`;
  }
}
