import assert from 'node:assert/strict';
import { Progress } from '../../src/output/progress.js';

describe('Progress', () => {
  it('logs files done of the total, bytes, rates and an ETA (the line cron jobs get)', () => {
    const p = new Progress('audit ccat/buffer', 4, { tty: false, intervalMs: 60_000, enabled: false });
    p.tick(1_000_000);
    p.tick(1_000_000);
    assert.match(p.line(), /^audit ccat\/buffer: 2\/4 files \(50%\), 2 MB, \d+ files\/s, [\d.]+ [kMG]?B\/s, ETA \d+s$/);
    p.stop();
  });

  it('leaves out the share and ETA when the total is not known', () => {
    const p = new Progress('register x', undefined, { tty: false, intervalMs: 60_000, enabled: false });
    p.tick(5);
    assert.match(p.line(), /^register x: 1 files, 5 B, \d+ files\/s, [\d.]+ [kMG]?B\/s$/);
  });
});
