import { closeTestServer } from './test-server.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await closeTestServer();
  },
};
