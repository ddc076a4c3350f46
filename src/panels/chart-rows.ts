import type { Point } from '../engine/history';

/** A chart row: the step, and each series' value where it has one at that step. */
export type ChartRow = { step: number } & Record<string, number>;

/**
 * How many points a live chart draws of each series. The bounded history holds 225–300 a
 * series; 150 spans a chart's width a few pixels apart, and a series passes 150 within about a
 * minute and a half of training: from then on the chart's rows (and what recharts derives from
 * each) stop growing, so a long session's page memory is flat (npm run soak).
 */
export const LIVE_POINTS = 150;

/**
 * Exactly `max` of the points when there are more (evenly spaced by index, the first and the
 * last always among them), else all of them. Each is a measured point: nothing is averaged.
 */
export function downsample(points: readonly Point[], max: number): readonly Point[] {
  if (points.length <= max) return points;
  const out: Point[] = new Array<Point>(max);
  for (let i = 0; i < max; i++) out[i] = points[Math.round((i * (points.length - 1)) / (max - 1))];
  return out;
}

const NO_ROWS: ChartRow[] = [];

/** Several series as one chart's rows, in step order: each series downsampled to `max` points, then merged by step. */
export function chartRows(series: Iterable<readonly [key: string, points: readonly Point[]]>, max = LIVE_POINTS): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const [key, points] of series) {
    for (const p of downsample(points, max)) {
      const row = rows.get(p.step) ?? ({ step: p.step } as ChartRow);
      row[key] = p.value;
      rows.set(p.step, row);
    }
  }
  // No points: always the same empty rows, so a chart given them again has nothing to redraw.
  return rows.size ? [...rows.values()].sort((a, b) => a.step - b.step) : NO_ROWS;
}
