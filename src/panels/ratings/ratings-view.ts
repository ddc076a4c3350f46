import type { RatingScale } from '../../data/movielens/ratings-split';
import type { RatingBaselineResult, RatingsExtras, RatingsReference } from '../../engine/ratings-types';
import type { RecsysItem } from '../../engine/recsys-types';
import { ratingsReference, ratingsSnapshot, useLab } from '../../state/store';
import { diverging } from '../colormap';

/** Pure helpers and store selectors the ratings panels share (no tfjs). */

export function useRatingsReference(): RatingsReference | null {
  return useLab((s) => ratingsReference(s)?.ratings ?? null);
}

export function useRatingsExtras(): RatingsExtras | null {
  return useLab((s) => ratingsSnapshot(s)?.ratings ?? null);
}

/** The step of the latest ratings snapshot (null before the first): the key a live query follows. */
export function useRatingsStep(): number | null {
  return useLab((s) => ratingsSnapshot(s)?.step ?? null);
}

const BASELINE_ORDER: RatingBaselineResult['key'][] = ['mean', 'biases', 'mf'];

/**
 * The baselines in a fixed order (global mean, biases, MF): the reference's, replaced by the
 * snapshot's where it has the same one (MF is fitted later and arrives with a snapshot).
 */
export function mergeBaselines(reference: RatingBaselineResult[] | undefined, extras: RatingBaselineResult[] | undefined): RatingBaselineResult[] {
  const byKey = new Map<string, RatingBaselineResult>();
  for (const b of reference ?? []) byKey.set(b.key, b);
  for (const b of extras ?? []) byKey.set(b.key, b);
  return [...byKey.values()].sort((a, b) => BASELINE_ORDER.indexOf(a.key) - BASELINE_ORDER.indexOf(b.key));
}

/** Dashed-line colour of each baseline (the same in every ratings panel). */
export const BASELINE_COLOUR: Record<RatingBaselineResult['key'], string> = { mean: 'var(--fg-dim)', biases: 'var(--fg)', mf: 'var(--c3)' };

/** "Toy Story (1995)": GroupLens titles carry the year; one that does not gets it appended. */
export function movieWithYear(item: RecsysItem | undefined): string {
  if (!item) return '?';
  return item.year !== null && !item.title.includes(`(${item.year})`) ? `${item.title} (${item.year})` : item.title;
}

export const genresOf = (item: RecsysItem | undefined): string => (item?.genres.length ? item.genres.join(', ') : '—');

/** A star rating as given: "4" or "3.5". */
export const stars = (v: number): string => (Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1));

/** Every value of the scale, lowest first: 1…5, or 0.5…5 by halves. */
export function starLevels(scale: RatingScale): number[] {
  const n = Math.round((scale.max - scale.min) / scale.step) + 1;
  return Array.from({ length: n }, (_, k) => scale.min + k * scale.step);
}

export interface StarMean {
  star: number;
  n: number;
  /** Mean predicted rating of the ratings with this actual value (NaN when none). */
  mean: number;
}

/** For each star of the scale, how many ratings had it and the mean prediction for them. */
export function starMeans(actual: Float32Array, predicted: Float32Array, scale: RatingScale): StarMean[] {
  const levels = starLevels(scale);
  const sum = new Float64Array(levels.length);
  const n = new Float64Array(levels.length);
  for (let k = 0; k < actual.length; k++) {
    const j = Math.round((actual[k] - scale.min) / scale.step);
    if (j < 0 || j >= levels.length) continue;
    sum[j] += predicted[k];
    n[j]++;
  }
  return levels.map((star, j) => ({ star, n: n[j], mean: n[j] ? sum[j] / n[j] : NaN }));
}

/** A fixed pseudo-random offset in [−0.5, 0.5) for point k: the jitter does not shimmer between refreshes. */
export function jitter(k: number): number {
  let h = Math.imul(k + 1, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32 - 0.5;
}

/** A rating's colour: the diverging map centred on the middle of the scale (low purple, high orange). */
export function ratingRgb(v: number, scale: RatingScale): [number, number, number] {
  const mid = (scale.min + scale.max) / 2;
  const half = (scale.max - scale.min) / 2 || 1;
  return diverging((v - mid) / half);
}

export const rgbCss = ([r, g, b]: [number, number, number]): string => `rgb(${Math.round(r)} ${Math.round(g)} ${Math.round(b)})`;

/** A CSS variable's value for canvas drawing (canvases cannot read var()). */
export const cssVar = (el: Element, name: string, fallback: string): string => getComputedStyle(el).getPropertyValue(name).trim() || fallback;

/** The page's colours a canvas draws with (the stylesheet's variables, read once per drawing). */
export interface Palette {
  fg: string;
  dim: string;
  line: string;
  grid: string;
  panel: string;
  c1: string;
  c2: string;
  c3: string;
}

export const readPalette = (el: Element): Palette => ({
  fg: cssVar(el, '--fg', '#1d1f23'),
  dim: cssVar(el, '--fg-dim', '#5b6068'),
  line: cssVar(el, '--line', '#dde0e4'),
  grid: cssVar(el, '--grid', '#e8eaed'),
  panel: cssVar(el, '--panel', '#fff'),
  c1: cssVar(el, '--c1', '#2f5fa7'),
  c2: cssVar(el, '--c2', '#d55e00'),
  c3: cssVar(el, '--c3', '#009e73'),
});

export const PART_LABEL = { train: 'train', validation: 'validation', test: 'test' } as const;
