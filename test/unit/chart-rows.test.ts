import { describe, expect, it } from 'vitest';
import { chartRows, downsample, LIVE_POINTS } from '../../src/panels/chart-rows';
import { appendBounded, MAX_POINTS, type Point } from '../../src/engine/history';

const series = (n: number, from = 0, every = 1): Point[] => Array.from({ length: n }, (_, i) => ({ step: from + i * every, value: 1 / (i + 1) }));

describe('chart rows', () => {
  it('downsamples to exactly max points, measured ones, first and last kept, in order', () => {
    for (const n of [151, 225, 299, 300]) {
      const points = series(n);
      const out = downsample(points, LIVE_POINTS);
      expect(out).toHaveLength(LIVE_POINTS);
      expect(out[0]).toBe(points[0]);
      expect(out.at(-1)).toBe(points.at(-1));
      for (const p of out) expect(points).toContain(p);
      for (let i = 1; i < out.length; i++) expect(out[i].step).toBeGreaterThan(out[i - 1].step);
    }
    const few = series(40);
    expect(downsample(few, LIVE_POINTS)).toBe(few);
  });

  it('merges series by step into one row per step, each with the values measured there', () => {
    const rows = chartRows([
      ['train', series(3, 0, 10)],
      [
        'test',
        [
          { step: 10, value: 7 },
          { step: 25, value: 8 },
        ],
      ],
    ]);
    expect(rows).toEqual([
      { step: 0, train: 1 },
      { step: 10, train: 1 / 2, test: 7 },
      { step: 20, train: 1 / 3 },
      { step: 25, test: 8 },
    ]);
  });

  // A live chart's rows stop growing once its series pass LIVE_POINTS: what recharts derives per row
  // (points, ticks, tooltip entries) is then a fixed amount of memory however long training runs.
  it('a live chart keeps a constant row count while its bounded history keeps thinning', () => {
    const train: Point[] = [];
    const test: Point[] = [];
    const counts = new Set<number>();
    for (let step = 1; step <= 20 * MAX_POINTS; step++) {
      appendBounded(train, { step, value: 1 / step });
      if (step % 2 === 0) appendBounded(test, { step: step + 0.5, value: 2 / step });
      if (test.length > LIVE_POINTS)
        counts.add(
          chartRows([
            ['train', train],
            ['test', test],
          ]).length,
        );
    }
    expect([...counts]).toEqual([2 * LIVE_POINTS]);
  });

  it('no points: the same empty rows every time, so a chart handed them again has nothing to redraw', () => {
    const empty = chartRows([['train', []]]);
    expect(empty).toEqual([]);
    expect(
      chartRows([
        ['train', []],
        ['test', []],
      ]),
    ).toBe(empty);
    expect(chartRows([['train', [{ step: 1, value: 2 }]]])).not.toBe(empty);
  });
});
