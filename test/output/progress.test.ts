import assert from 'node:assert/strict';
import { Progress } from '../../src/output/progress.js';

describe('Progress', () => {
  it('logs files done of the total, bytes, rates and an ETA (the line cron jobs get)', () => {
    const p = new Progress('audit ccat/buffer', 4, { tty: false, intervalMs: 60_000, enabled: false });
    p.tick(1_000_000);
    p.tick(1_000_000);
    assert.match(
      p.line(),
      /^audit ccat\/buffer: 2\/4 files \(50%\), 2 MB, [\d.]+ files\/s, [\d.]+ [kMG]?B\/s, ETA \d+(ms|s)?/,
    );
    p.stop();
  });

  it('leaves out the share and ETA when the total is not known', () => {
    const p = new Progress('register x', undefined, { tty: false, intervalMs: 60_000, enabled: false });
    p.tick(5);
    assert.match(p.line(), /^register x: 1 files, 5 B, [\d.]+ files\/s, [\d.]+ [kMG]?B\/s$/);
  });

  it('with a total of bytes, large files: the share and ETA follow bytes, and a slow file rate keeps its decimal', () => {
    // As found: hashing 10 GB files at ~322 MB/s showed `0 files/s … ETA 55m`.
    let now = 0;
    const GB = 1e9;
    const p = new Progress('audit cologne/buffer', 100, {
      tty: false,
      intervalMs: 60_000,
      enabled: false,
      totalBytes: 1000 * GB,
      now: () => now,
    });
    now = 62_000; // two 10 GB files hashed in 62 s: 322.6 MB/s
    p.tick(10 * GB);
    p.tick(10 * GB);
    // 980 GB left at 20 GB / 62 s: 3038 s.
    assert.equal(
      p.line(),
      'audit cologne/buffer: 2/100 files, 20 GB of 1 TB (2%), 0.032 files/s, 323 MB/s, ETA 50m 38s',
    );
    now = 100_000;
    p.tick(10 * GB); // 30 GB in 100 s: 300 MB/s, 970 GB left: 3233 s
    assert.match(p.line(), /, 0\.03 files\/s, 300 MB\/s, ETA 53m 53s$/);
  });
});
