import assert from 'node:assert/strict';
import {
  checkTimeouts,
  connectTimeoutMs,
  embeddedIdleMs,
  lockWaitMs,
  MAX_TIMER_MS,
  statementTimeoutMs,
  timerMs,
} from '../../src/config/timeouts.js';
import { UsageError } from '../../src/errors.js';

describe('time-outs from the environment', () => {
  it('takes seconds, the default when unset, and 0 only where it means no wait or no limit', () => {
    assert.equal(connectTimeoutMs({}), 5000);
    assert.equal(connectTimeoutMs({ CCAT_OPS_CONNECT_TIMEOUT: '1.5' }), 1500);
    assert.equal(statementTimeoutMs({}), 60_000);
    assert.equal(statementTimeoutMs({ CCAT_OPS_STATEMENT_TIMEOUT: '0' }), 0);
    assert.equal(lockWaitMs({ CCAT_OPS_LOCK_TIMEOUT: '2147483' }), 2_147_483_000);
    assert.equal(embeddedIdleMs({}), 300_000);
    assert.equal(embeddedIdleMs({ CCAT_OPS_EMBEDDED_IDLE: '0' }), 0, 'no background server');
    assert.throws(() => connectTimeoutMs({ CCAT_OPS_CONNECT_TIMEOUT: '0' }), /CCAT_OPS_CONNECT_TIMEOUT: '0'/);
  });

  it('names the variable when a value is not seconds or is longer than a timer can wait', () => {
    for (const value of ['abc', '5s', '-1', '1e3', '2147484']) {
      assert.throws(
        () => checkTimeouts({ CCAT_OPS_LOCK_TIMEOUT: value }),
        (err: Error) => err instanceof UsageError && err.message.startsWith(`CCAT_OPS_LOCK_TIMEOUT: '${value}'`),
      );
    }
  });
});

describe('timer flags', () => {
  it('accepts durations up to the longest a timer can wait and names the flag beyond it', () => {
    assert.equal(timerMs('24d', 'budget'), 24 * 86_400_000);
    assert.ok(24 * 86_400_000 <= MAX_TIMER_MS);
    assert.throws(() => timerMs('25d', 'budget'), /^UsageError: --budget: '25d' is longer than 24d 20h/);
  });
});
