import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from '@mikro-orm/postgresql';
import { assertNotForeignOpsDb } from '../../src/db/existing-ops-db.js';
import { NotFound, Refused } from '../../src/errors.js';
import { planAdoption, typeChange } from '../../src/services/adopt.js';
import { useTestDatabase } from '../helpers/test-database.js';

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'alembic-ops-db.sql'), 'utf8');

const column = (type: string, extra: Partial<Column> = {}) => ({ name: 'c', type, nullable: true, ...extra }) as Column;

describe('typeChange: which type changes keep every value', () => {
  const cases: [string, string, boolean, Partial<Column>?][] = [
    ['varchar(100)', 'text', true],
    ['varchar(100)', 'varchar(255)', true],
    ['char(8)', 'varchar(8)', true],
    ['int4', 'int8', true],
    ['int2', 'integer', true],
    ['int4', 'double precision', true],
    ['float4', 'float8', true],
    ['timestamp', 'timestamptz', true],
    ['json', 'jsonb', true],
    ['status', 'text', true, { nativeEnumName: 'status', enumItems: ['pending', 'in_progress'] }],
    ['status', 'varchar(11)', true, { nativeEnumName: 'status', enumItems: ['pending', 'in_progress'] }],
    ['status', 'varchar(8)', false, { nativeEnumName: 'status', enumItems: ['pending', 'in_progress'] }],
    ['text', 'varchar(64)', false],
    ['varchar(255)', 'varchar(64)', false],
    ['int8', 'int4', false],
    ['float8', 'float4', false],
    ['int8', 'double precision', false],
    ['timestamptz', 'timestamp', false],
    ['text', 'uuid', false],
    ['uuid', 'int8', false],
  ];
  for (const [from, to, safe, extra] of cases) {
    it(`${from} → ${to}: ${safe ? 'kept' : 'refused'}`, () => {
      const verdict = typeChange(column(from, extra), column(to));
      assert.equal(verdict.safe, safe, verdict.reason);
      assert.match(verdict.reason, safe ? /^widened: / : /^(ours is narrower|incompatible types): /);
    });
  }
});

describe('planAdoption', function () {
  this.timeout(120_000);

  describe('on a database ccat-ops migrated', () => {
    const db = useTestDatabase();
    it('has nothing to do', async () => {
      const plan = await planAdoption(await db.orm());
      assert.ok(plan.found.migrationsRecorded > 0);
      assert.deepEqual([plan.differences, plan.sql], [[], '']);
    });
  });

  describe('on an empty database', () => {
    const db = useTestDatabase({ empty: true });
    it('finds no ops-db to take over (exit 4)', async () => {
      await assert.rejects(planAdoption(await db.orm()), (err: unknown) => {
        assert.ok(err instanceof NotFound);
        assert.match(err.message, /there is no ops-db here to take over/);
        assert.match(err.actions[0]!, /db init/);
        return true;
      });
    });
  });

  describe('on the Alembic fixture with columns that cannot be made without losing data', () => {
    const db = useTestDatabase({ empty: true });
    before(async () => {
      await db.query(FIXTURE);
      // Theirs: a NOT NULL column without a default that ccat-ops would never fill.
      await db.query(`alter table observatory add column code varchar(8) not null default 'x'`);
      await db.query(`alter table observatory alter column code drop default`);
      // Ours is NOT NULL without a default (instrument_type): missing on a table with rows, and on an empty one.
      await db.query(`alter table instrument drop column instrument_type`);
      await db.query(`alter table instrument_module drop column name cascade`);
      await db.query(`truncate instrument_module`);
    });

    it('refuses them with the rows concerned, adds what it can, and writes no SQL', async () => {
      const plan = await planAdoption(await db.orm());
      const brief = (table: string, name: string) => {
        const d = plan.differences.find((i) => i.table === table && i.name === name);
        return d && { action: d.action, reason: d.reason, rows: d.rows };
      };
      assert.deepEqual(brief('observatory', 'code'), {
        action: 'refuse',
        reason: 'not a column of ours: kept, but NOT NULL without a default, so ccat-ops cannot insert rows here',
        rows: undefined,
      });
      assert.deepEqual(brief('instrument', 'instrument_type'), {
        action: 'refuse',
        reason: 'missing, NOT NULL without a default, and the table has rows',
        rows: 1,
      });
      assert.deepEqual(brief('instrument_module', 'name'), {
        action: 'add',
        reason: 'missing (the table is empty)',
        rows: 0,
      });
      assert.deepEqual(
        plan.refused.map((i) => `${i.table}.${i.name}`),
        ['instrument.instrument_type', 'observatory.code'],
      );
      assert.equal(plan.sql, '');
    });

    it('db init and db migrate stop on it, also once `db status` created an empty migrations table', async () => {
      const orm = await db.orm();
      await orm.migrator.getExecuted(); // what `db status` does: creates the bookkeeping table, empty
      await assert.rejects(assertNotForeignOpsDb(orm, 'db migrate'), (err: unknown) => {
        assert.ok(err instanceof Refused);
        assert.match(
          err.message,
          /^db migrate: found 9 ops-db tables and alembic_version 1a2b3c4d5e6f, but no migration recorded in ccat-ops' migrations table \(mikro_orm_migrations\); nothing was changed$/,
        );
        return true;
      });
      const plan = await planAdoption(orm);
      assert.ok(!plan.tables.some((t) => t.table === 'mikro_orm_migrations'), 'our own table is no table of theirs');
    });
  });
});
