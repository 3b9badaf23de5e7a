import assert from 'node:assert/strict';
import { useTestDatabase } from './helpers/test-database.js';

describe('the library entry point', () => {
  const db = useTestDatabase();

  it('is importable by package name and opens the configured database', async () => {
    // The way another service imports it: by package name, resolved through package.json "exports".
    const lib = await import('ccat-ops');
    assert.equal(typeof lib.initOpsDb, 'function');
    assert.equal(lib.LocationType.LONG_TERM_ARCHIVE, 'long_term_archive');
    const orm = await lib.initOpsDb({ env: { CCAT_OPS_DATABASE_URL: db.url } });
    try {
      const em = orm.em.fork();
      em.create(lib.ObservatorySchema, { name: 'Library Observatory' });
      await em.flush();
      const rows = await db.query(`select name from observatory where name = 'Library Observatory'`);
      assert.equal(rows.length, 1);
    } finally {
      await orm.close();
    }
  });
});
