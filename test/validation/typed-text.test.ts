import assert from 'node:assert/strict';
import { z } from 'zod';
import * as fields from '../../src/validation/fields.js';
import { integerIn } from '../../src/validation/fields.js';
import { checkAnswer } from '../../src/prompts.js';
import { numberText, sizeText } from '../../src/validation/typed-text.js';

describe('field rules that take typed text (flags and prompts alike)', () => {
  const latitude = numberText(fields.latitudeDeg);
  const pixels = numberText(integerIn(1, 1000));
  const capacity = sizeText(z.number().nullable());

  it('turns a plain decimal number into the value and checks it with the field rule', () => {
    assert.equal(latitude.parse('-22.986'), -22.986);
    assert.equal(latitude.parse(45), 45, 'a number from the library is taken as it is');
    assert.equal(checkAnswer(latitude, '123'), 'must be between -90 and 90');
    assert.equal(checkAnswer(pixels, '12.5'), 'must be a whole number between 1 and 1000');
    assert.equal(checkAnswer(pixels, '64'), true);
  });

  it('says what is wrong with text that is not a number, naming it', () => {
    for (const bad of ['abc', '', ' 12', '0x10', '1e3', 'Infinity', '12,5']) {
      assert.match(String(checkAnswer(latitude, bad)), /is not a number; write a plain decimal number/, bad);
    }
    assert.equal(checkAnswer(latitude, 'abc'), "'abc' is not a number; write a plain decimal number like 12 or -22.96");
  });

  it('reads sizes as operators write them; none is no capacity', () => {
    assert.equal(capacity.parse('2TB'), 2e12);
    assert.equal(capacity.parse('none'), null);
    assert.equal(capacity.parse(1024), 1024);
    assert.match(String(checkAnswer(capacity, 'lots')), /^'lots' is not a size; write a size like 40TB/);
  });
});
