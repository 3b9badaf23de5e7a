import assert from 'node:assert/strict';
import { jsonErrorAt } from '../../src/validation/json-error.js';

describe('jsonErrorAt: where JSON text goes wrong, without quoting it', () => {
  it('finds the line and column of the first wrong token, or the early end', () => {
    assert.equal(jsonErrorAt('{"a": [1, 2.5e-3, true, null, "x\\u00e9\\n"]}'), undefined);
    assert.deepEqual(jsonErrorAt('root:*:20200'), { line: 1, column: 1, atEnd: false });
    assert.deepEqual(jsonErrorAt('{\n  "a": tru\n}'), { line: 2, column: 8, atEnd: false });
    assert.deepEqual(jsonErrorAt('{"a": [1, '), { line: 1, column: 11, atEnd: true });
    assert.deepEqual(jsonErrorAt('{"a": 1} x'), { line: 1, column: 10, atEnd: false });
    assert.deepEqual(jsonErrorAt('[01]'), { line: 1, column: 3, atEnd: false });
    assert.deepEqual(jsonErrorAt('"tab\there"'), { line: 1, column: 1, atEnd: false });
    assert.ok(jsonErrorAt('['.repeat(1_000_000)), 'nesting deeper than the stack is an error, not a crash');
  });

  it('agrees with JSON.parse on what is valid', () => {
    const pieces = ['{', '}', '[', ']', '"a"', ':', ',', '1', '-0.5e+2', 'true', 'nul', ' ', '\n', '"\\q"', '01', '.5'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: 1 + (next() % 7) }, () => pieces[next() % pieces.length]).join('');
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.equal(jsonErrorAt(text) === undefined, valid, JSON.stringify(text));
    }
  });
});
