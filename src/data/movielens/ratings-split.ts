// The explicit-ratings task's split (AutoRec, Sedhain et al. 2015): a seeded 90/10 split of
// the ratings, with 5% of the 90 held out for validation and the best checkpoint.
import { createRng, permutation, subSeed } from '../../math/rng';
import type { Ratings } from './types';

/** Ratings as parallel arrays of row indices into the split's userIds / itemIds. */
export interface RatingTriples {
  length: number;
  /** Index into RatingsSplit.userIds (0 … users − 1). */
  user: Int32Array;
  /** Index into RatingsSplit.itemIds (0 … items − 1). */
  item: Int32Array;
  rating: Float32Array;
}

/** The rating scale of a release: 1–5 in whole stars (ml-100k, ml-1m) or 0.5–5 in halves (ml-latest-small, ml-20m…). */
export interface RatingScale {
  min: number;
  max: number;
  step: number;
}

export interface RatingsSplitOptions {
  /** Share of all ratings held out as the test set (0.1). */
  testFraction: number;
  /** Share of the remaining (training) ratings held out for validation (0.05). */
  validationFraction: number;
}

export const RATINGS_PROTOCOL: RatingsSplitOptions = { testFraction: 0.1, validationFraction: 0.05 };

export interface RatingsSplit {
  /** GroupLens user ids by index: every user with at least one rating, in ascending id order. */
  userIds: Int32Array;
  /** GroupLens movie ids by index: every rated movie, in ascending id order. */
  itemIds: Int32Array;
  train: RatingTriples;
  validation: RatingTriples;
  test: RatingTriples;
  scale: RatingScale;
  counts: {
    ratings: number;
    users: number;
    items: number;
    train: number;
    validation: number;
    test: number;
    /** Test ratings whose user or item has no training rating (scored by the fallback). */
    coldTest: number;
  };
}

/**
 * Seeded split of the ratings (a permutation of all ratings with the seed): the first
 * testFraction go to test, then validationFraction of the rest to validation, the rest train.
 * Throws a readable error on a duplicate (user, item) pair or a rating outside the scale.
 */
export function splitRatings(r: Ratings, seed: number, options: Partial<RatingsSplitOptions> = {}): RatingsSplit {
  const o = { ...RATINGS_PROTOCOL, ...options };
  for (const key of ['testFraction', 'validationFraction'] as const) {
    const f = o[key];
    if (!(f >= 0 && f < 1)) throw new Error(`splitRatings: ${key} must be at least 0 and below 1, not ${f}.`);
  }
  const n = r.length;
  if (n < 1) throw new Error('MovieLens ratings: there are no ratings to split.');
  const scale = ratingScaleOf(r);
  const users = compactIds(r.user, n);
  const items = compactIds(r.item, n);
  const U = users.ids.length;
  const I = items.ids.length;
  const dup = findDuplicate(users.index, items.index, U, I, n);
  if (dup >= 0) throw new Error(`MovieLens ratings: user ${r.user[dup]} rated movie ${r.item[dup]} twice.`);

  // The seeded permutation decides each rating's part; the parts keep the ratings' own order.
  // (rng.ts' 'split' stream: this task's data are its own, so it shares no draw with another.)
  const nTest = Math.round(o.testFraction * n);
  const nValidation = Math.round(o.validationFraction * (n - nTest));
  const perm = permutation(n, createRng(subSeed(seed, 'split')));
  const part = new Uint8Array(n); // 0 train, 1 validation, 2 test
  for (let k = 0; k < nTest; k++) part[perm[k]] = 2;
  for (let k = nTest; k < nTest + nValidation; k++) part[perm[k]] = 1;
  const userIndex = users.index;
  const itemIndex = items.index;
  const take = (which: number, length: number): RatingTriples => {
    const t = triples(length);
    for (let k = 0, at = 0; at < length; k++) {
      if (part[k] !== which) continue;
      t.user[at] = userIndex[k];
      t.item[at] = itemIndex[k];
      t.rating[at++] = r.rating[k];
    }
    return t;
  };
  const train = take(0, n - nTest - nValidation);
  const validation = take(1, nValidation);
  const test = take(2, nTest);
  const userTrained = new Uint8Array(U);
  const itemTrained = new Uint8Array(I);
  for (let k = 0; k < train.length; k++) {
    userTrained[train.user[k]] = 1;
    itemTrained[train.item[k]] = 1;
  }
  let coldTest = 0;
  for (let k = 0; k < test.length; k++) if (!userTrained[test.user[k]] || !itemTrained[test.item[k]]) coldTest++;
  return {
    userIds: users.ids,
    itemIds: items.ids,
    train,
    validation,
    test,
    scale,
    counts: { ratings: n, users: U, items: I, train: train.length, validation: validation.length, test: test.length, coldTest },
  };
}

function triples(length: number): RatingTriples {
  return { length, user: new Int32Array(length), item: new Int32Array(length), rating: new Float32Array(length) };
}

/** Ratings print as their float32 value reads ("3.3", not "3.299999952316284"). */
const showRating = (v: number): string => String(Number.isFinite(v) ? Number(v.toPrecision(7)) : v);

const rated = (r: Ratings, k: number) => `MovieLens ratings: user ${r.user[k]} rated movie ${r.item[k]} as ${showRating(r.rating[k])}`;

const WHOLE_STARS: RatingScale = { min: 1, max: 5, step: 1 };
const HALF_STARS: RatingScale = { min: 0.5, max: 5, step: 0.5 };

/** The scale the ratings use: whole stars 1–5, or half stars 0.5–5. */
export function ratingScaleOf(r: Ratings): RatingScale {
  let halves = false;
  for (let k = 0; k < r.length; k++) {
    const v = r.rating[k];
    if (v === Math.round(v) && v >= 1 && v <= 5) continue;
    if (!(v >= 0.5 && v <= 5)) throw new Error(`${rated(r, k)}, outside the scale of 0.5 to 5 stars.`);
    if (v * 2 !== Math.round(v * 2)) throw new Error(`${rated(r, k)}, which is not a whole or half star.`);
    halves = true;
  }
  return { ...(halves ? HALF_STARS : WHOLE_STARS) };
}

/**
 * The distinct ids in ascending order and each rating's index among them: a direct lookup
 * table when the ids span a modest range (GroupLens' do), else sort and binary search.
 */
function compactIds(raw: Int32Array, n: number): { ids: Int32Array; index: Int32Array } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = raw[k];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const index = new Int32Array(n);
  const span = hi - lo + 1;
  if (span <= 4 * n + (1 << 20)) {
    const slot = new Int32Array(span);
    for (let k = 0; k < n; k++) slot[raw[k] - lo] = 1;
    let count = 0;
    for (let v = 0; v < span; v++) if (slot[v]) slot[v] = ++count;
    const ids = new Int32Array(count);
    for (let v = 0; v < span; v++) if (slot[v]) ids[slot[v] - 1] = v + lo;
    for (let k = 0; k < n; k++) index[k] = slot[raw[k] - lo] - 1;
    return { ids, index };
  }
  const sorted = raw.slice(0, n).sort();
  let count = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[count++] = sorted[k];
  const ids = sorted.slice(0, count);
  for (let k = 0; k < n; k++) {
    const v = raw[k];
    let a = 0;
    let b = count - 1;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (ids[m] < v) a = m + 1;
      else b = m;
    }
    index[k] = a;
  }
  return { ids, index };
}

/**
 * The first rating (in order) that repeats an earlier (user, item) pair, or −1: ratings are
 * bucketed by user (a counting sort, linear time), then each user's items are stamped in turn.
 */
function findDuplicate(user: Int32Array, item: Int32Array, users: number, items: number, n: number): number {
  const start = new Int32Array(users + 1);
  for (let k = 0; k < n; k++) start[user[k] + 1]++;
  for (let u = 0; u < users; u++) start[u + 1] += start[u];
  const next = start.slice(0, users);
  const byUser = new Int32Array(n);
  for (let k = 0; k < n; k++) byUser[next[user[k]]++] = k;
  const stamp = new Int32Array(items); // user + 1 who last rated the item
  let first = -1;
  for (let u = 0; u < users; u++) {
    for (let j = start[u]; j < start[u + 1]; j++) {
      const k = byUser[j];
      const i = item[k];
      if (stamp[i] !== u + 1) stamp[i] = u + 1;
      else if (first < 0 || k < first) first = k;
    }
  }
  return first;
}

/**
 * Dense matrix of a part's ratings, 0 where unobserved (every rating is ≥ 0.5, so 0 means
 * "missing"), row-major. rows = 'items': items × users (I-AutoRec's input); 'users': users × items.
 */
export function denseRatings(t: RatingTriples, users: number, items: number, rows: 'items' | 'users'): Float32Array {
  const size = users * items;
  if (!(Number.isSafeInteger(size) && size >= 0 && size <= MAX_DENSE)) {
    throw new Error(`denseRatings: ${users} users × ${items} items is too large for one dense matrix.`);
  }
  const out = new Float32Array(size);
  const byItem = rows === 'items';
  for (let k = 0; k < t.length; k++) {
    const u = t.user[k];
    const i = t.item[k];
    if (!(u >= 0 && u < users && i >= 0 && i < items)) {
      throw new Error(`denseRatings: rating ${k} is at user ${u}, item ${i}, outside ${users} users × ${items} items.`);
    }
    out[byItem ? i * users + u : u * items + i] = t.rating[k];
  }
  return out;
}

/** The most elements denseRatings allocates (4 GiB of float32). */
const MAX_DENSE = 2 ** 30;

/** The split as plain JSON with GroupLens ids, to check figures outside the lab. */
export function exportRatingsSplit(s: RatingsSplit): {
  format: 'movielens-ratings-split';
  version: 1;
  train: [number, number, number][];
  validation: [number, number, number][];
  test: [number, number, number][];
} {
  const rows = (t: RatingTriples) => Array.from({ length: t.length }, (_, k): [number, number, number] => [s.userIds[t.user[k]], s.itemIds[t.item[k]], t.rating[k]]);
  return { format: 'movielens-ratings-split', version: 1, train: rows(s.train), validation: rows(s.validation), test: rows(s.test) };
}
