import assert from 'node:assert/strict';
import { durationMs, instant } from '../../src/views/time-input.js';

describe('time input', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const refused = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: Error & { exitCode?: number }) => e.exitCode === 2 && pattern.test(e.message));

  it('takes dates that exist and refuses those JavaScript would roll over', () => {
    assert.equal(instant('2024-02-29', 'since', now).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(instant('2026-11-01 12:00', 'since', now).toISOString(), '2026-11-01T12:00:00.000Z');
    assert.equal(instant('2026-11-01T12:00+02:00', 'since', now).toISOString(), '2026-11-01T10:00:00.000Z');
    for (const bad of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0000-01-01']) {
      refused(() => instant(bad, 'since', now), new RegExp(`^--since: '${bad}' is not a valid date`));
    }
    refused(() => instant('2026-11-01T25:00', 'until', now), /^--until: .* is not a valid date/);
  });

  it('refuses durations longer than a timestamp can reach back to', () => {
    assert.equal(instant('6h', 'since', now).toISOString(), '2026-12-01T06:00:00.000Z');
    refused(() => instant('99999999999d', 'since', now), /^--since: '99999999999d' is longer ago than 1000 years/);
    assert.equal(durationMs('2d', 'stuck-for'), 2 * 86_400_000);
    refused(() => durationMs('99999999999d', 'stuck-for'), /^--stuck-for: '99999999999d' is longer than 1000 years/);
  });

  it('takes plain decimal amounts with known units only (no hex, no exponent)', () => {
    assert.equal(durationMs('1h30m', 'budget'), 90 * 60_000);
    assert.equal(durationMs('2 days 1.5h', 'budget'), 2 * 86_400_000 + 90 * 60_000);
    for (const bad of ['0x10d', '1e3d', '1e2h', '0x10m', '10', 'd', '5 parsecs']) {
      refused(() => durationMs(bad, 'stuck-for'), new RegExp(`^--stuck-for: '${bad}' is not a duration`));
      refused(() => instant(bad, 'since', now), new RegExp(`^--since: '${bad}' is not a date or a duration`));
    }
  });
});
