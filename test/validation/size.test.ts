import assert from 'node:assert/strict';
import { MAX_SIZE_BYTES, parseSize } from '../../src/validation/size.js';

describe('sizes as operators write them', () => {
  it('reads decimal and binary units, any case, with or without a space; a bare number is bytes', () => {
    assert.equal(parseSize('40TB'), 40e12);
    assert.equal(parseSize('500 gb'), 500e9);
    assert.equal(parseSize('1.5PiB'), 1.5 * 2 ** 50);
    assert.equal(parseSize('2048'), 2048);
    assert.equal(parseSize('12 B'), 12);
    assert.equal(parseSize('0'), 0);
  });

  it('refuses what is not a size, or does not fit a bigint column', () => {
    for (const bad of ['', 'TB', '40XB', '-5TB', '1e3', '0x10', '4 0TB', '10EB']) {
      assert.equal(parseSize(bad), undefined, bad);
    }
    assert.equal(parseSize('9EB'), 9e18);
    assert.ok(parseSize('9EB')! <= MAX_SIZE_BYTES);
  });
});
