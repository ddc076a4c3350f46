import type { Point } from '../engine/history';

/** Every k-th point (and always the last) so a chart draws at most `max` points. */
export function downsample(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}
