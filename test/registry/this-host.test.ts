import assert from 'node:assert/strict';
import { isThisHost } from '../../src/registry/location-where.js';

describe('isThisHost: whether a location\u2019s --host is the machine this runs on', () => {
  it('is the same name in any case, a short name of the other, or localhost; another machine is not', () => {
    for (const host of [
      'fyst-buffer',
      'FYST-Buffer',
      'fyst-buffer.ccat.example',
      'fyst-buffer.ccat.example.',
      'localhost',
    ]) {
      assert.equal(isThisHost(host, 'fyst-buffer.ccat.example'), true, host);
    }
    assert.equal(isThisHost('fyst-buffer.ccat.example', 'fyst-buffer'), true);
    for (const host of ['fyst-buffer2', 'fyst-buffer.other.example', 'ramses', 'buffer']) {
      assert.equal(isThisHost(host, 'fyst-buffer.ccat.example'), false, host);
    }
  });
});
