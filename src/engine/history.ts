/** A metric value at a training step. */
export interface Point {
  step: number;
  value: number;
}

export type History = Record<string, Point[]>;

/**
 * Longest a series may grow before it is thinned: a long session stays bounded. 300 points
 * (225–300 once full) is what the charts draw anyway (they downsample to 300–400), and live
 * training fills it in about three minutes (chunks are paced in time, about 1.7 points a
 * second a series), so memory is flat after that (npm run soak; 500 took five minutes).
 */
export const MAX_POINTS = 300;

/**
 * Appends a point; when the series passes `max`, every other point of its older
 * half is dropped, so resolution falls off with age but the recent past stays sharp.
 * A point at the last point's step replaces it: one value per step (a reopened run's
 * weights are measured again at the step its saved history ends on).
 */
export function appendBounded(series: Point[], point: Point, max = MAX_POINTS): void {
  if (series.length && series[series.length - 1].step === point.step) {
    series[series.length - 1] = point;
    return;
  }
  series.push(point);
  if (series.length <= max) return;
  const half = Math.floor(series.length / 2);
  const thinned = series.slice(0, half).filter((_, i) => i % 2 === 0);
  series.splice(0, half, ...thinned);
}

export function appendAll(history: History, increments: Record<string, Point[]>): void {
  for (const [name, points] of Object.entries(increments)) {
    const series = (history[name] ??= []);
    for (const p of points) appendBounded(series, p);
  }
}
