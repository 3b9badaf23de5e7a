import assert from 'node:assert/strict';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Indexes of the migrated schema, read from the catalogue: none that a unique index already makes
 * redundant, and every foreign key that a command, a trigger or PostgreSQL's own foreign-key check
 * looks rows up by is served by an index.
 */

/**
 * Non-unique indexes whose key columns are the leading key columns of a unique index (same access
 * method): the unique index serves every lookup they serve. Partial indexes on either side do not
 * count: a partial unique index covers only some rows, so it cannot stand in for a full index, and
 * a partial index (`data_transfer_open_index` on the open transfers' ids) is kept for being small.
 */
const REDUNDANT_INDEXES = `
  select ic.relname as index, uc.relname as "uniqueIndex"
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_index u on u.indrelid = i.indrelid and u.indexrelid <> i.indexrelid
                   and u.indisunique and u.indpred is null and u.indnkeyatts >= i.indnkeyatts
    join pg_class uc on uc.oid = u.indexrelid and uc.relam = ic.relam
   where ic.relnamespace = 'public'::regnamespace
     and not i.indisunique and i.indpred is null and i.indexprs is null
     and (i.indkey::int2[])[0:i.indnkeyatts - 1] = (u.indkey::int2[])[0:i.indnkeyatts - 1]
   order by 1, 2`;

/**
 * Foreign keys whose columns are not the leading key columns of an index that covers every row that
 * can refer: not partial, or partial only on the column being set (`x = $1`, as in PostgreSQL's own
 * foreign-key check, implies `x is not null`).
 */
const UNINDEXED_FOREIGN_KEYS = `
  select c.conrelid::regclass::text || '.' ||
         (select string_agg(a.attname, ',' order by k.n)
            from unnest(c.conkey) with ordinality k(attnum, n)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as "foreignKey"
    from pg_constraint c
   where c.contype = 'f' and c.connamespace = 'public'::regnamespace
     and not exists (
       select 1 from pg_index x
        where x.indrelid = c.conrelid
          and (x.indpred is null
               or (cardinality(c.conkey) = 1 and pg_get_expr(x.indpred, x.indrelid) =
                   '(' || (select quote_ident(attname) from pg_attribute
                            where attrelid = c.conrelid and attnum = c.conkey[1]) || ' IS NOT NULL)'))
          and (x.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
          and (x.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
   order by 1`;

/**
 * The foreign keys left without an index on purpose. Every other one must have one: rows are
 * looked up by it in a command, in a trigger (e.g. copies, archive transfers, staging packages and
 * files by package), or by PostgreSQL when a parent row is deleted.
 */
const UNINDEXED_ON_PURPOSE: Record<string, string> = {
  'role_permission.permission_id': 'a handful of rows (reference data)',
  'user_role.role_id': 'one row per user and role (reference data)',
  'obs_unit_instrument_module_configuration.instrument_module_configuration_id':
    'a few rows per obs unit; only deleting a module configuration looks them up',
  'staging_job_package.origin_location_id': 'only deleting a location looks them up; no command does',
  'staging_job_package.destination_location_id':
    'only deleting a location looks them up (the staging guard goes by package and the active unique index)',
};

describe('indexes of the migrated schema', () => {
  const db = useTestDatabase();

  it('has no index that is a leading prefix of a unique index that is not partial', async () => {
    assert.deepEqual(
      await db.query(REDUNDANT_INDEXES),
      [],
      'drop these indexes: the unique index beside each serves the same lookups',
    );
  });

  it('finds an index made redundant by a unique index, and not one beside a partial unique index', async () => {
    await db.query(`create table index_rule_probe (a int, b int, c int, unique (a, b))`);
    try {
      await db.query(`create index index_rule_probe_a on index_rule_probe (a)`);
      await db.query(`create index index_rule_probe_b_c on index_rule_probe (b, c)`);
      await db.query(`create unique index index_rule_probe_live on index_rule_probe (b, c, a) where c > 0`);
      await db.query(`create index index_rule_probe_b_a on index_rule_probe (b, a)`);
      assert.deepEqual(await db.query(REDUNDANT_INDEXES), [
        { index: 'index_rule_probe_a', uniqueIndex: 'index_rule_probe_a_b_key' },
      ]);
    } finally {
      await db.query(`drop table index_rule_probe`);
    }
  });

  it('indexes every foreign key except the few left without one on purpose', async () => {
    const unindexed = (await db.query<{ foreignKey: string }>(UNINDEXED_FOREIGN_KEYS)).map((r) => r.foreignKey);
    assert.deepEqual(
      unindexed.filter((fk) => !(fk in UNINDEXED_ON_PURPOSE)),
      [],
      'index these foreign keys (or, if nothing ever looks rows up by them, say why in UNINDEXED_ON_PURPOSE)',
    );
  });

  it('finds a foreign key whose only indexes leave rows out or start with another column, until it has one', async () => {
    await db.query(
      `create table index_rule_probe (id int primary key, parent int references index_rule_probe, other int)`,
    );
    try {
      await db.query(`create index index_rule_probe_partial on index_rule_probe (parent) where other > 0`);
      await db.query(`create index index_rule_probe_other on index_rule_probe (other, parent)`);
      await db.query(`create index index_rule_probe_not_null on index_rule_probe (other) where parent is not null`);
      const unindexed = (await db.query<{ foreignKey: string }>(UNINDEXED_FOREIGN_KEYS)).map((r) => r.foreignKey);
      assert.ok(unindexed.includes('index_rule_probe.parent'), unindexed.join(' '));
      await db.query(`create index index_rule_probe_parent on index_rule_probe (parent) where parent is not null`);
      const after = (await db.query<{ foreignKey: string }>(UNINDEXED_FOREIGN_KEYS)).map((r) => r.foreignKey);
      assert.ok(!after.includes('index_rule_probe.parent'), after.join(' '));
    } finally {
      await db.query(`drop table index_rule_probe`);
    }
  });
});
