import { describe, expect, it } from 'vitest';
import { appendBounded, MAX_POINTS, type Point } from '../../src/engine/history';

describe('a metric series stays bounded over a long session', () => {
  it('holds between 3/4 and all of MAX_POINTS once full, keeps the first and the last point, in step order', () => {
    const series: Point[] = [];
    let longest = 0;
    for (let step = 1; step <= 100_000; step++) {
      appendBounded(series, { step, value: 1 / step });
      longest = Math.max(longest, series.length);
      if (step > MAX_POINTS) expect(series.length).toBeGreaterThanOrEqual(Math.floor((3 * MAX_POINTS) / 4));
    }
    expect(longest).toBe(MAX_POINTS);
    expect(series[0].step).toBe(1);
    expect(series.at(-1)!.step).toBe(100_000);
    expect(series.every((p, i) => i === 0 || p.step > series[i - 1].step)).toBe(true);
    // The recent past stays sharp: the newest quarter is every step.
    const recent = series.slice(-Math.floor(MAX_POINTS / 4));
    expect(recent.at(-1)!.step - recent[0].step).toBe(recent.length - 1);
  });
});
