import assert from 'node:assert/strict';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { runInTerminal } from '../../helpers/run-in-terminal.js';
import { useTestDatabase } from '../../helpers/test-database.js';

describe('ccat-ops user | role', async function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const user = async (name: string) => (await db.query('select * from "user" where username = $1', [name]))[0];
  const roles = async (name: string) =>
    (
      await db.query<{ name: string }>(
        'select r.name from user_role ur join "user" u on u.id = ur.user_id join role r on r.id = ur.role_id where u.username = $1 order by r.name',
        [name],
      )
    ).map((r) => r.name);

  before(async () => {
    const seed = await cli('db', 'seed');
    assert.equal(seed.status, 0, seed.stderr);
  });

  it('lists the seeded roles with their permissions', async () => {
    const r = await cli('role', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    const byName = Object.fromEntries(
      r.json().items.map((x: { name: string; permissions: string[] }) => [x.name, x.permissions]),
    );
    assert.deepEqual(Object.keys(byName), ['admin', 'observer', 'service', 'viewer']);
    assert.deepEqual(byName.viewer, ['read:data', 'read:observations', 'read:transfers']);
    assert.ok(byName.admin.includes('manage:users'));
    const csv = await cli('role', 'list', '--output', 'csv', '--columns', 'name');
    assert.equal(csv.stdout, 'name\nadmin\nobserver\nservice\nviewer\n');
  });

  it('adds a user and shows it in list and show', async () => {
    const r = await cli(
      'user',
      'add',
      '--username',
      'alice',
      '--full-name',
      'Alice Example',
      '--email',
      'alice@example.org',
      '--github-login',
      'alice-gh',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Registered user 'alice'.");
    const row = await user('alice');
    assert.equal(row.email, 'alice@example.org');
    assert.equal(row.github_login, 'alice-gh');
    assert.equal(row.active, true);
    const list = await cli('user', 'list', '--json');
    assert.deepEqual(
      list.json().items.map((u: { username: string }) => u.username),
      ['alice'],
    );
    const show = await cli('user', 'show', 'alice', '--json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.json().fullName, 'Alice Example');
    assert.deepEqual(show.json().roles, []);
    assert.deepEqual(show.json().tokens, []);
  });

  it('is idempotent, and refuses an add with different values', async () => {
    const before = await user('alice');
    const same = await cli('user', 'add', '--username', 'alice', '--email', 'alice@example.org');
    assert.equal(same.status, 0, same.stderr);
    assert.match(same.stdout, /User 'alice' is already registered: nothing changed/);
    assert.deepEqual((await user('alice')).updated_at, before.updated_at);
    const other = await cli('user', 'add', '--username', 'alice', '--email', 'alice@other.org');
    assert.equal(other.status, 1);
    assert.match(other.stderr, /already registered with other values \(email\)/);
    assert.match(other.stderr, /user update 'alice'.*\n\s+email: alice@example.org → alice@other.org/);
    assert.equal((await user('alice')).email, 'alice@example.org');
  });

  it('refuses a GitHub login that belongs to someone else', async () => {
    const r = await cli('user', 'add', '--username', 'mallory', '--github-login', 'alice-gh');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /GitHub login 'alice-gh' already belongs to user 'alice'/);
    assert.equal(await user('mallory'), undefined);
    // GitHub logins ignore case: another case of it is the same GitHub user.
    assert.equal((await cli('user', 'add', '--username', 'erin')).status, 0);
    for (const args of [
      ['user', 'add', '--username', 'mallory', '--github-login', 'ALICE-gh'],
      ['user', 'update', 'erin', '--github-login', 'Alice-GH'],
    ]) {
      const other = await cli(...args);
      assert.equal(other.status, 1, other.stderr);
      assert.match(
        other.stderr,
        /^Error: GitHub login '(ALICE-gh|Alice-GH)' already belongs to user 'alice' \(as 'alice-gh': GitHub logins ignore case\)$/m,
      );
    }
    assert.equal(await user('mallory'), undefined);
    assert.equal((await user('erin')).github_login, null);
    // Its own user may change its case.
    const recased = await cli('user', 'update', 'alice', '--github-login', 'Alice-GH');
    assert.equal(recased.status, 0, recased.stderr);
    assert.equal((await user('alice')).github_login, 'Alice-GH');
    assert.equal((await cli('user', 'update', 'alice', '--github-login', 'alice-gh')).status, 0);
    await db.query(`delete from "user" where username = 'erin'`);
  });

  it('grants and revokes roles idempotently, with --dry-run writing nothing', async () => {
    const dry = await cli('user', 'grant', 'alice', 'observer', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would grant role 'observer' to user 'alice' \(dry run: nothing written\)/);
    assert.deepEqual(await roles('alice'), []);
    const grant = await cli('user', 'grant', 'alice', 'observer');
    assert.equal(grant.status, 0, grant.stderr);
    assert.equal(grant.stdout.trim(), "Granted role 'observer' to user 'alice'.");
    assert.equal((await cli('user', 'grant', 'alice', 'viewer')).status, 0);
    assert.deepEqual(await roles('alice'), ['observer', 'viewer']);
    const again = await cli('user', 'grant', 'alice', 'observer', '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.json().status, 'unchanged');
    assert.match(
      (await cli('user', 'grant', 'alice', 'observer')).stdout,
      /already has role 'observer': nothing changed/,
    );
    assert.deepEqual(await roles('alice'), ['observer', 'viewer']);

    const show = (await cli('user', 'show', 'alice', '--json')).json();
    assert.deepEqual(show.roles, ['observer', 'viewer']);
    assert.ok(show.permissions.includes('write:observations'));
    assert.deepEqual(
      (await cli('user', 'list', '--role', 'observer', '--json'))
        .json()
        .items.map((u: { username: string; roles: string[] }) => [u.username, u.roles]),
      [['alice', ['observer', 'viewer']]],
    );

    const dryRevoke = await cli('user', 'revoke', 'alice', 'viewer', '--dry-run');
    assert.match(dryRevoke.stdout, /Would revoke role 'viewer' from user 'alice'/);
    assert.deepEqual(await roles('alice'), ['observer', 'viewer']);
    const revoke = await cli('user', 'revoke', 'alice', 'viewer');
    assert.equal(revoke.status, 0, revoke.stderr);
    assert.equal(revoke.stdout.trim(), "Revoked role 'viewer' from user 'alice'.");
    const revokeAgain = await cli('user', 'revoke', 'alice', 'viewer');
    assert.equal(revokeAgain.status, 0, revokeAgain.stderr);
    assert.match(revokeAgain.stdout, /User 'alice' does not have role 'viewer': nothing changed/);
    assert.deepEqual(await roles('alice'), ['observer']);
    // The seeded roles are used, never duplicated.
    assert.equal(Number((await db.query('select count(*) as n from role'))[0].n), 4);
  });

  it('updates with before and after, deactivates, and filters by active', async () => {
    const dry = await cli('user', 'update', 'alice', '--no-active', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would update user 'alice' \(dry run: nothing written\):\n\s+active: true → false/);
    assert.equal((await user('alice')).active, true);
    assert.equal((await cli('user', 'add', '--username', 'bob')).status, 0);
    const r = await cli('user', 'update', 'alice', '--no-active', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json().changes, [{ field: 'active', before: true, after: false }]);
    assert.equal((await user('alice')).active, false);
    const names = async (...flags: string[]) =>
      (await cli('user', 'list', ...flags, '--json')).json().items.map((u: { username: string }) => u.username);
    assert.deepEqual(await names('--inactive'), ['alice']);
    assert.deepEqual(await names('--active'), ['bob']);
    assert.equal((await cli('user', 'list', '--active', '--inactive')).status, 2);
    assert.equal((await cli('user', 'update', 'alice', '--active')).status, 0);
    assert.equal((await user('alice')).active, true);
    const same = await cli('user', 'update', 'alice', '--active');
    assert.match(same.stdout, /already has these values: nothing changed/);
  });

  it('stores quotes and SQL metacharacters verbatim', async () => {
    const text = `Robert'); drop table "user";-- "quoted" \\ %_`;
    const r = await cli('user', 'update', 'bob', '--full-name', text);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await user('bob')).full_name, text);
    const name = `o'brien; select 1 --`;
    assert.equal((await cli('user', 'add', '--username', name)).status, 0);
    assert.equal((await user(name)).username, name);
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const count = async () => Number((await db.query('select count(*) as n from "user"'))[0].n);
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['--username', ''], /--username: must not be empty/],
      [['--username', 'x'.repeat(65)], /--username: must be at most 64 characters/],
      [['--username', 'bad\u0007name'], /--username: must not contain control characters/],
      [['--username', 'carol', '--email', 'not-an-email'], /--email: must be an email address/],
      [['--username', 'carol', '--github-login', 'bad login'], /--github-login: must be a GitHub login/],
      [['--username', 'carol', '--full-name', 'x'.repeat(256)], /--full-name: must be at most 255 characters/],
      [['--email', 'carol@example.org'], /missing required flag --username/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('user', 'add', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    const upd = await cli('user', 'update', 'bob', '--email', 'bob@');
    assert.equal(upd.status, 2);
    assert.equal(await count(), before);
  });

  it('exits 4 for an unknown user or role, suggesting the nearest name', async () => {
    const r = await cli('user', 'grant', 'alcie', 'observer');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no user 'alcie'; did you mean 'alice'\?/);
    const role = await cli('user', 'grant', 'alice', 'admn', '--json');
    assert.equal(role.status, 4);
    assert.equal(role.json().error.name, 'NotFound');
    assert.match(role.json().error.message, /no role 'admn'; did you mean 'admin'\?/);
    assert.equal((await cli('user', 'revoke', 'alice', 'nope')).status, 4);
    assert.equal((await cli('user', 'show', 'nobody')).status, 4);
    assert.equal((await cli('user', 'update', 'nobody', '--email', 'a@b.org')).status, 4);
    assert.equal((await cli('user', 'list', '--role', 'nope')).status, 4);
    assert.deepEqual(await roles('alice'), ['observer']);
  });

  it('asks for missing values on a terminal, shows a summary and confirms', async () => {
    const r = await runInTerminal(['user', 'add'], ['carol', 'Carol Example', 'carol@example.org', '', 'y'], {
      url: db.url,
    });
    assert.equal(r.status, 0, r.screen);
    assert.match(r.screen, /Username/);
    assert.match(r.screen, /Summary:/);
    assert.match(r.screen, /Registered user 'carol'/);
    const row = await user('carol');
    assert.equal(row.full_name, 'Carol Example');
    assert.equal(row.email, 'carol@example.org');
    assert.equal(row.github_login, null);
  });

  it('twelve identical adds at once: one registers, the others say "already registered", one row', async () => {
    const args = ['user', 'add', '--username', 'racer', '--email', 'racer@example.org'];
    const runs = await Promise.all(Array.from({ length: 12 }, () => runCliAsync(args, { url: db.url })));
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    const said = runs.map((r) => r.stdout.trim()).sort();
    assert.deepEqual(said, [
      "Registered user 'racer'.",
      ...Array<string>(11).fill("User 'racer' is already registered: nothing changed."),
    ]);
    assert.equal((await db.query('select count(*)::int as n from "user" where username = $1', ['racer']))[0].n, 1);
  });

  it("shows each permission of a user's roles once, and lists a role's users with all their roles", async () => {
    assert.equal((await cli('user', 'add', '--username', 'carol')).status, 0);
    assert.equal((await cli('user', 'grant', 'carol', 'viewer')).status, 0);
    assert.equal((await cli('user', 'grant', 'carol', 'observer')).status, 0);
    const show = (await cli('user', 'show', 'carol', '--json')).json();
    assert.deepEqual(show.roles, ['observer', 'viewer']);
    assert.deepEqual(show.permissions, ['read:data', 'read:observations', 'read:transfers', 'write:observations']);
    assert.deepEqual(
      (await cli('user', 'list', '--role', 'viewer', '--json'))
        .json()
        .items.map((u: { username: string; roles: string[] }) => [u.username, u.roles]),
      [['carol', ['observer', 'viewer']]],
    );
    const r = await cli('user', 'list', '--role', 'viewr');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /^Error: no role 'viewr'; did you mean 'viewer'\?/);
  });

  it('lists a role without permissions or description', async () => {
    await db.query(`insert into role (name) values ('idle')`);
    const idle = (await cli('role', 'list', '--json')).json().items.find((r: { name: string }) => r.name === 'idle');
    assert.deepEqual(idle, { name: 'idle', description: null, permissions: [] });
  });
});
