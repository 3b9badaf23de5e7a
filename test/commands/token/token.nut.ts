import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { runCliAsync } from '../../helpers/run-cli.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const TOKEN = /^ops_api_token_[A-Za-z0-9_-]{43}$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('ccat-ops token', function () {
  this.timeout(120_000);
  const db = useTestDatabase();
  const cli = (...args: string[]) => runCommand(args, { url: db.url });
  const tokens = () =>
    db.query<Record<string, unknown>>(
      'select t.*, u.username from api_token t join "user" u on u.id = t.user_id order by t.id',
    );
  /** Every row of every table of the database, as text, that contains `secret`. */
  const rowsContaining = async (secret: string) => {
    const tables = await db.query<{ t: string }>(
      "select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    const hits: string[] = [];
    for (const { t } of tables) {
      const q = `select count(*) as n from "${t}" x where strpos(row_to_json(x)::text, $1) > 0`;
      if (Number((await db.query(q, [secret]))[0].n)) hits.push(t);
    }
    return hits;
  };
  let raw = '';

  before(async () => {
    assert.equal((await cli('db', 'seed')).status, 0);
    assert.equal((await cli('user', 'add', '--username', 'alice')).status, 0);
    assert.equal((await cli('user', 'add', '--username', 'bob')).status, 0);
  });

  it('creates a token, prints it once, and stores only its hash and prefix', async () => {
    const r = await cli(
      'token',
      'create',
      '--user',
      'alice',
      '--name',
      'ci',
      '--scopes',
      'read:data,write:data',
      '--expires',
      '90d',
    );
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, 'the token alone on stdout');
    raw = lines[0];
    assert.match(raw, TOKEN);
    assert.match(r.stderr, /store it now, it cannot be shown again/);
    assert.ok(!r.stderr.includes(raw), 'the token is not on stderr');

    const [row] = await tokens();
    assert.equal(row.username, 'alice');
    assert.equal(row.name, 'ci');
    assert.equal(row.token_hash, sha256(raw));
    assert.equal(row.prefix, raw.slice('ops_api_token_'.length, 'ops_api_token_'.length + 8));
    assert.deepEqual(row.scopes, ['read:data', 'write:data']);
    assert.equal(row.active, true);
    const days = ((row.expires_at as Date).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 89.9 && days <= 90, `expires in ${days} days`);
    // Neither the token nor its random part is stored anywhere.
    assert.deepEqual(await rowsContaining(raw), []);
    assert.deepEqual(await rowsContaining(raw.slice('ops_api_token_'.length)), []);
  });

  it('with --json prints only {"token"}', async () => {
    const r = await cli('token', 'create', '--user', 'bob', '--name', 'daemon', '--expires', '2999-01-31', '--json');
    assert.equal(r.status, 0, r.stderr);
    const doc = r.json();
    assert.deepEqual(Object.keys(doc), ['token']);
    assert.match(doc.token, TOKEN);
    const row = (await tokens()).find((t) => t.name === 'daemon')!;
    assert.equal(row.token_hash, sha256(doc.token));
    assert.equal((row.expires_at as Date).toISOString(), '2999-01-31T00:00:00.000Z');
    assert.deepEqual(row.scopes, []);
  });

  it('lists and shows tokens without the token or its hash', async () => {
    const [row] = await tokens();
    for (const args of [
      ['token', 'list'],
      ['token', 'list', '--json'],
      ['token', 'list', '--output', 'csv'],
      ['user', 'show', 'alice'],
      ['user', 'show', 'alice', '--json'],
      ['token', 'list', '--verbose'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      for (const out of [r.stdout, r.stderr]) {
        assert.ok(!out.includes(raw), `${args.join(' ')} shows the token`);
        assert.ok(!out.includes(row.token_hash as string), `${args.join(' ')} shows the hash`);
      }
    }
    const list = (await cli('token', 'list', '--user', 'alice', '--json')).json().items;
    assert.equal(list.length, 1);
    assert.deepEqual(
      {
        name: list[0].name,
        user: list[0].user,
        prefix: list[0].prefix,
        scopes: list[0].scopes,
        active: list[0].active,
        lastUsedAt: list[0].lastUsedAt,
        usageCount: list[0].usageCount,
      },
      {
        name: 'ci',
        user: 'alice',
        prefix: raw.slice('ops_api_token_'.length, 'ops_api_token_'.length + 8),
        scopes: ['read:data', 'write:data'],
        active: true,
        lastUsedAt: null,
        usageCount: 0,
      },
    );
    assert.ok(!('tokenHash' in list[0]));
    const csv = await cli('token', 'list', '--output', 'csv', '--columns', 'name,user', '--sort', 'name');
    assert.equal(csv.stdout, 'name,user\nci,alice\ndaemon,bob\n');
    const show = (await cli('user', 'show', 'alice', '--json')).json();
    assert.deepEqual(
      show.tokens.map((t: { name: string }) => t.name),
      ['ci'],
    );
  });

  it('shows when and from which address the ops-db API last saw a token', async () => {
    await db.query(
      `update api_token set last_used_at = now(), last_used_ip = '192.0.2.10', usage_count = 3 where name = 'ci'`,
    );
    const [ci] = (await cli('token', 'list', '--user', 'alice', '--json')).json().items;
    assert.equal(ci.lastUsedIp, '192.0.2.10');
    assert.equal(ci.usageCount, 3);
    const csv = await cli('token', 'list', '--user', 'alice', '--output', 'csv', '--columns', 'name,lastUsedIp');
    assert.equal(csv.stdout, 'name,lastUsedIp\nci,192.0.2.10\n');
  });

  it('refuses a second token of the same name for a user (exit 1, revoke it first)', async () => {
    const r = await cli('token', 'create', '--user', 'alice', '--name', 'ci');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /user 'alice' already has a token named 'ci'/);
    assert.match(r.stderr, /revoke it first/);
    assert.equal(r.stdout, '');
    assert.equal((await tokens()).length, 2);
    // Another user may use the same name.
    assert.equal((await cli('token', 'create', '--user', 'bob', '--name', 'ci')).status, 0);
  });

  it('twelve identical creates at once: one token, the others refused as a sequential repeat is (exit 1)', async () => {
    const args = ['token', 'create', '--user', 'bob', '--name', 'tok1', '--scopes', 'read:data'];
    const runs = await Promise.all(Array.from({ length: 12 }, () => runCliAsync(args, { url: db.url })));
    const created = runs.filter((r) => r.status === 0);
    assert.equal(created.length, 1, runs.map((r) => r.stderr).join(''));
    const sequential = await cli(...args);
    assert.equal(sequential.status, 1);
    for (const r of runs.filter((x) => x.status !== 0)) {
      assert.equal(r.status, 1);
      assert.equal(r.stderr, sequential.stderr);
    }
    assert.match(sequential.stderr, /^Error: user 'bob' already has a token named 'tok1'\n/);
    const rows = (await tokens()).filter((t) => t.username === 'bob' && t.name === 'tok1');
    assert.equal(rows.length, 1);
  });

  it('revokes idempotently, with --dry-run writing nothing; a revoked name can be reused', async () => {
    const active = async () => (await tokens()).find((t) => t.username === 'alice' && t.name === 'ci')?.active;
    const dry = await cli('token', 'revoke', '--user', 'alice', '--name', 'ci', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would revoke token 'ci' of user 'alice' \(dry run: nothing written\)/);
    assert.equal(await active(), true);
    const r = await cli('token', 'revoke', '--user', 'alice', '--name', 'ci');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Revoked token 'ci' of user 'alice'.");
    assert.equal(await active(), false);
    const again = await cli('token', 'revoke', '--user', 'alice', '--name', 'ci');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already revoked: nothing changed/);
    const listed = (await cli('token', 'list', '--user', 'alice', '--json')).json().items;
    assert.equal(listed[0].state, 'revoked');

    const fresh = await cli('token', 'create', '--user', 'alice', '--name', 'ci');
    assert.equal(fresh.status, 0, fresh.stderr);
    const rows = (await tokens()).filter((t) => t.username === 'alice');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].token_hash, sha256(fresh.stdout.trim()));
    assert.equal(rows[0].active, true);
  });

  it("revokes by prefix, which tells tokens apart, and never revokes another user's token", async () => {
    const [row] = (await tokens()).filter((t) => t.username === 'bob' && t.name === 'daemon');
    const prefixes = new Set((await tokens()).map((t) => t.prefix));
    assert.equal(prefixes.size, (await tokens()).length, 'every token has its own prefix');
    assert.equal((await cli('token', 'revoke', '--prefix', 'zzzzzzzz')).status, 4);
    assert.equal((await cli('token', 'revoke', '--user', 'alice', '--prefix', row.prefix as string)).status, 4);
    assert.equal((await cli('token', 'revoke', '--name', 'ci')).status, 2);
    assert.equal((await cli('token', 'revoke')).status, 2);
    assert.ok((await tokens()).every((t) => t.active));
    const dry = await cli('token', 'revoke', '--prefix', row.prefix as string, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Would revoke token 'daemon' of user 'bob'/);
    assert.ok((await tokens()).every((t) => t.active));
  });

  it('rejects bad input with one line, exit 2, and nothing written', async () => {
    const before = (await tokens()).length;
    const cases: [string[], RegExp][] = [
      [['--user', 'alice', '--name', ''], /--name: must not be empty/],
      [['--user', 'alice', '--name', 'x'.repeat(256)], /--name: must be at most 255 characters/],
      [['--user', 'alice', '--name', 'bad\u0007name'], /--name: must not contain control characters/],
      [['--user', 'alice', '--name', 'n1', '--expires', '2020-01-01'], /--expires: .* is in the past/],
      [['--user', 'alice', '--name', 'n1', '--expires', '0d'], /--expires: .* is in the past/],
      [['--user', 'alice', '--name', 'n1', '--expires', 'soon'], /--expires: 'soon' is neither a duration/],
      [['--user', 'alice', '--name', 'n1', '--expires', '2027-02-30'], /--expires: '2027-02-30' is neither/],
      [
        ['--user', 'alice', '--name', 'n1', '--scopes', 'read:data,everything'],
        /--scopes: 'everything' must look like action:resource/,
      ],
      [
        ['--user', 'alice', '--name', 'n1', '--scopes', "read:data'; drop table api_token;--"],
        /--scopes: .* must look like action:resource/,
      ],
      [['--name', 'n1'], /missing required flag --user/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli('token', 'create', ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      assert.equal(r.stdout, '', 'no token printed');
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    }
    assert.equal((await tokens()).length, before);
  });

  it('stores SQL metacharacters in token names verbatim', async () => {
    const name = `ci'); drop table api_token;-- "x" %_`;
    const r = await cli('token', 'create', '--user', 'bob', '--name', name);
    assert.equal(r.status, 0, r.stderr);
    assert.ok((await tokens()).some((t) => t.name === name));
  });

  it('exits 4 for an unknown user or token, suggesting the nearest name', async () => {
    const r = await cli('token', 'create', '--user', 'alcie', '--name', 'x');
    assert.equal(r.status, 4);
    assert.match(r.stderr, /no user 'alcie'; did you mean 'alice'\?/);
    assert.equal(r.stdout, '');
    const revoke = await cli('token', 'revoke', '--user', 'alice', '--name', 'cj', '--json');
    assert.equal(revoke.status, 4);
    assert.match(revoke.json().error.message, /did you mean 'ci'\?/);
    assert.equal((await cli('token', 'list', '--user', 'nobody')).status, 4);
  });

  it('refuses a token for an inactive user', async () => {
    assert.equal((await cli('user', 'update', 'bob', '--no-active')).status, 0);
    const r = await cli('token', 'create', '--user', 'bob', '--name', 'late');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /user 'bob' is inactive/);
    assert.ok(!(await tokens()).some((t) => t.name === 'late'));
  });

  it('lists a token past its expiry as expired, in user show too', async () => {
    const r = await cli(
      'token',
      'create',
      '--user',
      'alice',
      '--name',
      'lapsing',
      '--scopes',
      'read:data',
      '--expires',
      '1d',
    );
    assert.equal(r.status, 0, r.stderr);
    await db.query(`update api_token set expires_at = '2020-01-02T03:04:05.678Z' where name = 'lapsing'`);
    const lapsing = (await cli('token', 'list', '--user', 'alice', '--json'))
      .json()
      .items.find((t: { name: string }) => t.name === 'lapsing');
    assert.deepEqual(Object.keys(lapsing), [
      'name',
      'user',
      'prefix',
      'scopes',
      'active',
      'state',
      'expiresAt',
      'lastUsedAt',
      'lastUsedIp',
      'usageCount',
      'createdAt',
    ]);
    assert.deepEqual(
      [lapsing.active, lapsing.state, lapsing.expiresAt, lapsing.scopes],
      [true, 'expired', '2020-01-02T03:04:05.678Z', ['read:data']],
    );
    const show = await cli('user', 'show', 'alice');
    assert.match(show.stdout, /lapsing \([\w-]{8}…, expired, read:data, expires 2020-01-02T03:04:05\.678Z, used 0×\)/);
    const [token] = (await cli('user', 'show', 'alice', '--json'))
      .json()
      .tokens.filter((t: { name: string }) => t.name === 'lapsing');
    const { user: _user, ...withoutUser } = lapsing;
    assert.deepEqual(token, withoutUser);
    assert.deepEqual(Object.keys(token), Object.keys(withoutUser));
  });
});
