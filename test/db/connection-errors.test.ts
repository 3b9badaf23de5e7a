import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import pg from 'pg';
import type { ConnectionTarget } from '../../src/config/connection.js';
import { connectionError } from '../../src/db/connection-errors.js';

describe('a connection closed during the handshake', () => {
  let server: Server;
  let port: number;
  before(async () => {
    // accepts every connection and closes it before the server would answer the start-up message
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('is "lost the connection", exit 69, naming the host, with what to do', async () => {
    const url = `postgres://ops@127.0.0.1:${port}/ops`;
    const client = new pg.Client({ connectionString: url });
    const err = await client.connect().then(
      () => assert.fail('connected to a server that closes every connection'),
      (e: Error) => e,
    );
    assert.match(err.message, /Connection terminated unexpectedly/);
    const target: ConnectionTarget = {
      kind: 'server',
      url,
      source: 'CCAT_OPS_DATABASE_URL',
      environment: 'development',
      production: false,
    };
    const mapped = connectionError(err, target);
    assert.ok(mapped, 'recognised as a connection error');
    assert.equal(mapped.exitCode, 69);
    assert.match(mapped.message, new RegExp(`lost the connection to PostgreSQL at 127\\.0\\.0\\.1:${port} `));
    assert.ok(mapped.actions.length > 0, 'says what to do');
  });
});
