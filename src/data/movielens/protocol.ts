import { csrNnz, csrRow, type Csr } from '../../math/csr';
import { createRng, permutation } from '../../math/rng';
import type { Ratings } from './types';

/**
 * Liang et al. (2018)'s preprocessing (their published notebook), step by step:
 * ratings > 3.5 are clicks; users with ≥ 5 clicks are kept (items are not filtered);
 * the kept users (sorted by id) are shuffled with a seeded RNG; the last 2h are held out,
 * h for validation and h for test; the columns are the items clicked by training users;
 * a held-out user keeps only those items and, with ≥ 5 of them left, has int(0.2·n) of
 * them drawn without replacement as targets, the rest being the fold-in input.
 */
export interface ProtocolOptions {
  /** The paper's numpy seed; here it seeds src/math/rng.ts (so the draw itself differs from numpy's). */
  seed: number;
  /** A rating above this is a click (3.5: ratings 4 and 5). */
  clickAbove: number;
  minUserClicks: number;
  /** Held-out users per part = max(1, round(users · fraction)); 10,000 of ML-20M's 136,677. */
  heldOutFraction: number;
  /** Overrides the fraction with a fixed count per part. */
  heldOutUsers?: number;
  targetFraction: number;
  /** Held-out users with fewer clicks left on training items get no targets and are not evaluated. */
  minHeldOutClicks: number;
}

export const PAPER_PROTOCOL: ProtocolOptions = {
  seed: 98765,
  clickAbove: 3.5,
  minUserClicks: 5,
  heldOutFraction: 10000 / 136677,
  targetFraction: 0.2,
  minHeldOutClicks: 5,
};

export interface HeldOutPart {
  /** Evaluated users, in shuffled order; row r of foldIn and targets is userIds[r]. */
  userIds: Int32Array;
  foldIn: Csr;
  targets: Csr;
  /** Held out, but left with < minHeldOutClicks clicks on training items (not evaluated). */
  skippedUserIds: Int32Array;
  /** Clicks on items no training user clicked (dropped, as in the paper). */
  droppedClicks: number;
}

export interface SplitCounts {
  ratings: number;
  clicks: number;
  usersWithClicks: number;
  /** Users with ≥ minUserClicks clicks. */
  users: number;
  /** Held-out users per part (validation and test each). */
  heldOutPerPart: number;
  trainUsers: number;
  /** Columns: items clicked by training users. */
  items: number;
  trainClicks: number;
}

export interface MovieLensSplit {
  options: ProtocolOptions;
  /** Column → GroupLens movie id, in order of first click by a training user (pd.unique). */
  itemIds: Int32Array;
  itemIndex: Map<number, number>;
  train: { userIds: Int32Array; clicks: Csr };
  validation: HeldOutPart;
  test: HeldOutPart;
  counts: SplitCounts;
}

/** h = max(1, round(users · fraction)): 10,000 on ML-20M, 69 on ml-100k, 44 on ml-latest-small. */
export function heldOutCount(users: number, fraction = PAPER_PROTOCOL.heldOutFraction): number {
  return Math.max(1, Math.round(users * fraction));
}

/** Binary CSR from per-row lists of columns (sorted here; each list already has no repeats). */
function toCsr(rows: number[][], cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.length));
  const indices = new Int32Array(indptr[rows.length]);
  rows.forEach((r, i) => indices.set(Int32Array.from(r).sort(), indptr[i]));
  return { rows: rows.length, cols, indptr, indices };
}

/** The clicks of the given users as per-user lists of movie ids, in file order, repeats dropped. */
function clicksByUser(r: Ratings, clickAbove: number, wanted: (user: number) => boolean): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < r.length; i++) {
    const u = r.user[i];
    if (!(r.rating[i] > clickAbove) || !wanted(u)) continue;
    let list = out.get(u);
    if (!list) out.set(u, (list = []));
    list.push(r.item[i]);
  }
  // GroupLens files have no repeated (user, movie) pair; should one appear, its first click counts.
  for (const [u, list] of out) if (new Set(list).size !== list.length) out.set(u, [...new Set(list)]);
  return out;
}

/**
 * Splits held-out users' clicks: users are visited in ascending id (the paper's groupby),
 * drawing from one generator seeded afresh for each part, as the paper re-seeds numpy.
 */
function splitHeldOut(users: Int32Array, clicks: Map<number, number[]>, itemIndex: Map<number, number>, o: ProtocolOptions): HeldOutPart {
  const rng = createRng(o.seed);
  const byUser = new Map<number, { foldIn: number[]; targets: number[] }>();
  let droppedClicks = 0;
  const skipped: number[] = [];
  for (const u of Int32Array.from(users).sort()) {
    const cols: number[] = [];
    for (const item of clicks.get(u) ?? []) {
      const c = itemIndex.get(item);
      if (c === undefined) droppedClicks++;
      else cols.push(c);
    }
    const n = cols.length;
    if (n < o.minHeldOutClicks) {
      skipped.push(u);
      continue;
    }
    // np.random.choice(n, size=int(0.2·n), replace=False): the first s of a random permutation.
    const s = Math.floor(o.targetFraction * n); // int(0.2 * n) in Python: the same double
    for (let i = 0; i < s; i++) {
      const j = i + Math.floor(rng() * (n - i));
      [cols[i], cols[j]] = [cols[j], cols[i]];
    }
    byUser.set(u, { targets: cols.slice(0, s), foldIn: cols.slice(s) });
  }
  const kept = Array.from(users).filter((u) => byUser.has(u));
  return {
    userIds: Int32Array.from(kept),
    foldIn: toCsr(
      kept.map((u) => byUser.get(u)!.foldIn),
      itemIndex.size,
    ),
    targets: toCsr(
      kept.map((u) => byUser.get(u)!.targets),
      itemIndex.size,
    ),
    skippedUserIds: Int32Array.from(skipped),
    droppedClicks,
  };
}

/** Builds the split from a given user order (train first, then validation, then test). */
export function splitInOrder(r: Ratings, order: Int32Array, heldOut: number, options: Partial<ProtocolOptions> = {}): MovieLensSplit {
  const o = { ...PAPER_PROTOCOL, ...options };
  const nTrain = order.length - 2 * heldOut;
  if (heldOut < 1 || nTrain < 1) throw new Error(`Cannot hold out 2 × ${heldOut} of ${order.length} users and keep any for training.`);
  const part = new Map<number, number>();
  order.forEach((u, i) => part.set(u, i < nTrain ? 0 : i < nTrain + heldOut ? 1 : 2));
  const clicks = clicksByUser(r, o.clickAbove, (u) => part.has(u));
  const itemIndex = new Map<number, number>();
  for (let i = 0; i < r.length; i++) {
    if (r.rating[i] > o.clickAbove && part.get(r.user[i]) === 0 && !itemIndex.has(r.item[i])) itemIndex.set(r.item[i], itemIndex.size);
  }
  const trainIds = order.subarray(0, nTrain);
  const trainClicks = toCsr(
    Array.from(trainIds, (u) => (clicks.get(u) ?? []).map((m) => itemIndex.get(m)!)),
    itemIndex.size,
  );
  let clickCount = 0;
  const clickers = new Set<number>();
  for (let i = 0; i < r.length; i++) {
    if (r.rating[i] > o.clickAbove) {
      clickCount++;
      clickers.add(r.user[i]);
    }
  }
  return {
    options: o,
    itemIds: Int32Array.from(itemIndex.keys()),
    itemIndex,
    train: { userIds: Int32Array.from(trainIds), clicks: trainClicks },
    validation: splitHeldOut(order.subarray(nTrain, nTrain + heldOut), clicks, itemIndex, o),
    test: splitHeldOut(order.subarray(nTrain + heldOut), clicks, itemIndex, o),
    counts: {
      ratings: r.length,
      clicks: clickCount,
      usersWithClicks: clickers.size,
      users: order.length,
      heldOutPerPart: heldOut,
      trainUsers: nTrain,
      items: itemIndex.size,
      trainClicks: csrNnz(trainClicks),
    },
  };
}

/** Users with ≥ minUserClicks clicks, ascending by id. */
export function activeUsers(r: Ratings, options: Partial<ProtocolOptions> = {}): Int32Array {
  const o = { ...PAPER_PROTOCOL, ...options };
  const lists = clicksByUser(r, o.clickAbove, () => true);
  return Int32Array.from([...lists].filter(([, l]) => l.length >= o.minUserClicks).map(([u]) => u)).sort();
}

/** The whole protocol: filter, seeded shuffle, split. */
export function preprocessMovieLens(r: Ratings, options: Partial<ProtocolOptions> = {}): MovieLensSplit {
  const o = { ...PAPER_PROTOCOL, ...options };
  const users = activeUsers(r, o);
  const perm = permutation(users.length, createRng(o.seed));
  const order = Int32Array.from(perm, (i) => users[i]);
  return splitInOrder(r, order, o.heldOutUsers ?? heldOutCount(users.length, o.heldOutFraction), o);
}

export interface ExportedPart {
  users: { user: number; foldIn: number[]; targets: number[] }[];
  skippedUsers: number[];
}

/** Plain JSON-able split: user ids per part, the item index, and movie ids per held-out user. */
export function exportSplit(s: MovieLensSplit) {
  const part = (p: HeldOutPart): ExportedPart => ({
    users: Array.from(p.userIds, (user, r) => ({
      user,
      foldIn: Array.from(csrRow(p.foldIn, r), (c) => s.itemIds[c]),
      targets: Array.from(csrRow(p.targets, r), (c) => s.itemIds[c]),
    })),
    skippedUsers: Array.from(p.skippedUserIds),
  });
  return {
    format: 'movielens-split' as const,
    version: 1,
    options: { ...s.options },
    counts: { ...s.counts },
    itemIds: Array.from(s.itemIds),
    train: { userIds: Array.from(s.train.userIds) },
    validation: part(s.validation),
    test: part(s.test),
  };
}
