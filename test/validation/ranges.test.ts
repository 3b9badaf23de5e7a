import assert from 'node:assert/strict';
import { integerIn } from '../../src/validation/fields.js';
import { INT4_MAX, isBigintId, isIntId, parseDecimal } from '../../src/validation/ranges.js';

describe('value ranges', () => {
  it('parses plain decimal numbers only: no hex, exponent, blanks or Infinity', () => {
    assert.equal(parseDecimal('12'), 12);
    assert.equal(parseDecimal('-22.96'), -22.96);
    assert.equal(parseDecimal('+0.5'), 0.5);
    assert.equal(parseDecimal('.5'), 0.5);
    for (const bad of ['0x10', '0x1F', '1e12', '1E3', ' 1', '1 2', '', '-', 'Infinity', 'NaN', '0b1', '0o7', '1_000']) {
      assert.equal(parseDecimal(bad), undefined, bad);
    }
  });

  it('knows the ids a bigint and an integer column can hold', () => {
    assert.ok(isBigintId('1'));
    assert.ok(isBigintId('9223372036854775807'));
    assert.ok(!isBigintId('9223372036854775808'));
    assert.ok(!isBigintId('9999999999999999999'));
    assert.ok(!isBigintId('0'));
    assert.ok(!isBigintId('-1'));
    assert.ok(isIntId(String(INT4_MAX)));
    assert.ok(!isIntId(String(INT4_MAX + 1)));
  });

  it('checks whole numbers against the column range', () => {
    const pixels = integerIn(1, INT4_MAX);
    assert.ok(pixels.safeParse(1000).success);
    assert.ok(!pixels.safeParse(1e12).success);
    assert.ok(!pixels.safeParse(1.5).success);
    assert.ok(!pixels.safeParse(0).success);
    assert.ok(!integerIn().safeParse(99_999_999_999).success);
  });
});
