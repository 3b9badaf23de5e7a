import assert from 'node:assert/strict';
import { sweptCopies, sweptId, type SweptCopies } from '../../src/audit/copy-source.js';
import { auditPlace, placeFiles, useSeededPool } from '../helpers/audit-fixture.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe('sweptCopies: a location’s copies as COPY text, streamed or through a cursor', function () {
  this.timeout(60_000);
  const db = useTestDatabase();
  const seeded = useSeededPool(db);

  const all = async (chunks: AsyncGenerator<SweptCopies>) => {
    const out = { text: '', ids: [] as string[], paths: [] as string[] };
    for await (const c of chunks) {
      out.text += c.text;
      for (let i = 0; i < c.starts.length - 1; i++) out.ids.push(sweptId(c, i));
      out.paths.push(...c.paths);
    }
    return out;
  };

  it('the cursor (the embedded database’s way) gives the text the server’s COPY gives, escapes alike', async () => {
    const place = await auditPlace(db, 'source');
    const names = ['s/plain.dat', 's/tab\there.dat', 's/back\\slash.dat', 's/line\nbreak.dat', 's/café.dat'];
    const copy = await placeFiles(
      db,
      place,
      names.map((path) => ({ path, content: Buffer.from(path), onlyInDb: true })),
    );
    // A path and size of its own on one copy (they win over its file's).
    await db.query(`update physical_copy set relative_path = 's/own\\path', size_bytes = 7 where id = $1`, [
      copy['s/plain.dat'],
    ]);
    await db.query(`update physical_copy set status = 'deletion_possible' where id = $1`, [copy['s/café.dat']]);
    for (const order of ['id', 'path'] as const) {
      for (const held of [false, true]) {
        const opts = { order, after: null, held };
        const client = await seeded().connect();
        try {
          const streamed = await all(sweptCopies({ client }, place.id, opts));
          const fetched = await all(sweptCopies({ pool: seeded() }, place.id, opts));
          assert.equal(fetched.text, streamed.text, `${order}, held: ${held}`);
          assert.deepEqual(fetched.ids, streamed.ids);
          const paths = names.map((n) => (n === 's/plain.dat' ? 's/own\\path' : n));
          const expected = held ? paths : paths.filter((n) => n !== 's/café.dat');
          assert.equal(streamed.ids.length, expected.length);
          if (order === 'path') assert.deepEqual(streamed.paths, [...expected].sort());
          else assert.deepEqual(streamed.paths, []);
        } finally {
          client.release();
        }
      }
    }
  });
});
