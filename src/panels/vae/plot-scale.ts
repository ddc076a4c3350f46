/** A linear map from data to pixels with "nice" tick values, for the canvas plots. */
export interface Scale {
  (v: number): number;
  invert(px: number): number;
  ticks: number[];
}

/** About `count` round tick values (1, 2, 5 × 10^n steps) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Maps [lo, hi] (padded by 5% so points do not sit on the frame) onto [p0, p1] pixels. */
export function linearScale(lo: number, hi: number, p0: number, p1: number): Scale {
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(lo) * 0.1 || 1;
  const a = lo - pad;
  const b = hi + pad;
  const f = ((v: number) => p0 + ((v - a) / (b - a)) * (p1 - p0)) as Scale;
  f.invert = (px: number) => a + ((px - p0) / (p1 - p0)) * (b - a);
  f.ticks = niceTicks(a, b);
  return f;
}

/** [min, max] of finite values, or null if there are none. */
export function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : null;
}

export const formatTick = (v: number): string => (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(0) : String(Number(v.toPrecision(3))));
