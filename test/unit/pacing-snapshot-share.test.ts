import { describe, expect, it } from 'vitest';
import { Pacing, SNAPSHOT_MS, SNAPSHOT_SHARE } from '../../src/engine/pacing';

/** A Pacing on a clock the test moves. */
function paced() {
  let t = 1000;
  const pacing = new Pacing(() => t);
  return { pacing, at: (ms: number) => (t = ms) };
}

describe('Pacing: a live snapshot keeps within its share of the time', () => {
  it('a cheap snapshot goes out every SNAPSHOT_MS, as before', () => {
    const { pacing, at } = paced();
    pacing.snapshotSent(10);
    at(1000 + SNAPSHOT_MS - 1);
    expect(pacing.snapshotDue()).toBe(false);
    at(1000 + SNAPSHOT_MS);
    expect(pacing.snapshotDue()).toBe(true);
  });

  it('a costly one (a 1,024-unit code’s read-outs) waits until it is SNAPSHOT_SHARE of the time', () => {
    const { pacing, at } = paced();
    const cost = 300; // ms of weights, reconstructions and diagnostics
    pacing.snapshotSent(cost);
    const gap = cost * (1 / SNAPSHOT_SHARE - 1); // 900 ms at a quarter
    expect(gap).toBeGreaterThan(SNAPSHOT_MS);
    at(1000 + SNAPSHOT_MS);
    expect(pacing.snapshotDue()).toBe(false);
    at(1000 + gap - 1);
    expect(pacing.snapshotDue()).toBe(false);
    at(1000 + gap);
    expect(pacing.snapshotDue()).toBe(true);
    // Share of the time spent on snapshots: cost / (cost + gap).
    expect(cost / (cost + gap)).toBeCloseTo(SNAPSHOT_SHARE, 10);
  });
});
