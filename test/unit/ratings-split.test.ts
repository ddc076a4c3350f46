import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRatings } from '../../src/data/movielens/ratings-parser';
import { RATINGS_PROTOCOL, denseRatings, exportRatingsSplit, ratingScaleOf, splitRatings, type RatingTriples, type RatingsSplit } from '../../src/data/movielens/ratings-split';
import { MOVIELENS_RELEASES } from '../../src/data/movielens/releases';
import type { Ratings } from '../../src/data/movielens/types';
import { createRng } from '../../src/math/rng';

type Row = [user: number, movie: number, rating: number];

const ratingsOf = (rows: Row[]): Ratings => ({
  length: rows.length,
  user: Int32Array.from(rows, (r) => r[0]),
  item: Int32Array.from(rows, (r) => r[1]),
  rating: Float32Array.from(rows, (r) => r[2]),
});

/** n distinct (user, movie) pairs with whole-star ratings, users 1…20 and movies 1…40 (of 800 pairs), in a seeded order. */
function fixtureRows(n: number, seed = 7): Row[] {
  const rng = createRng(seed);
  const seen = new Set<number>();
  const rows: Row[] = [];
  while (rows.length < n) {
    const u = 1 + Math.floor(rng() * 20);
    const m = 10 + 3 * Math.floor(rng() * 40); // GroupLens-like gaps in the movie ids
    if (seen.has(u * 1000 + m)) continue;
    seen.add(u * 1000 + m);
    rows.push([u, m, 1 + Math.floor(rng() * 5)]);
  }
  return rows;
}

const key = ([u, m, r]: Row) => `${u}:${m}:${r}`;
const sortedKeys = (rows: Row[]) => rows.map(key).sort();

/** Test ratings whose user or movie has no training rating, counted the slow way. */
function coldByHand(s: RatingsSplit): number {
  const e = exportRatingsSplit(s);
  const users = new Set(e.train.map((r) => r[0]));
  const movies = new Set(e.train.map((r) => r[1]));
  return e.test.filter(([u, m]) => !users.has(u) || !movies.has(m)).length;
}

describe('splitRatings', () => {
  const rows = fixtureRows(200);
  const r = ratingsOf(rows);

  it('holds out 10% for test and 5% of the rest for validation', () => {
    const s = splitRatings(r, 1);
    const users = new Set(rows.map((x) => x[0]));
    const movies = new Set(rows.map((x) => x[1]));
    expect(s.counts).toEqual({ ratings: 200, users: users.size, items: movies.size, train: 171, validation: 9, test: 20, coldTest: coldByHand(s) });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([171, 9, 20]);
    expect(Array.from(s.userIds)).toEqual([...users].sort((a, b) => a - b));
    expect(Array.from(s.itemIds)).toEqual([...movies].sort((a, b) => a - b));
    expect(s.scale).toEqual({ min: 1, max: 5, step: 1 });
    expect(RATINGS_PROTOCOL).toEqual({ testFraction: 0.1, validationFraction: 0.05 });
    // Other fractions: round(0.2·200) = 40 test, round(0.1·160) = 16 validation.
    expect(splitRatings(r, 1, { testFraction: 0.2, validationFraction: 0.1 }).counts).toMatchObject({ train: 144, validation: 16, test: 40 });
    expect(splitRatings(r, 1, { validationFraction: 0 }).counts).toMatchObject({ train: 180, validation: 0, test: 20 });
  });

  it('parts are disjoint, their union is every rating, and indices stay in range', () => {
    const s = splitRatings(r, 3);
    const e = exportRatingsSplit(s);
    const parts = [e.train, e.validation, e.test].map((p) => new Set(p.map(([u, m]) => `${u}:${m}`)));
    expect(parts[0].size + parts[1].size + parts[2].size).toBe(200);
    expect(new Set([...parts[0], ...parts[1], ...parts[2]]).size).toBe(200);
    expect(sortedKeys([...e.train, ...e.validation, ...e.test])).toEqual(sortedKeys(rows));
    for (const t of [s.train, s.validation, s.test]) {
      expect(t.user.every((u) => u >= 0 && u < s.counts.users)).toBe(true);
      expect(t.item.every((i) => i >= 0 && i < s.counts.items)).toBe(true);
    }
  });

  it('is deterministic for a seed; another seed gives another split', () => {
    const a = splitRatings(r, 42);
    expect(splitRatings(r, 42)).toEqual(a);
    const b = splitRatings(r, 43);
    expect(sortedKeys(exportRatingsSplit(b).test)).not.toEqual(sortedKeys(exportRatingsSplit(a).test));
    expect(b.userIds).toEqual(a.userIds); // the id tables do not depend on the seed
    expect(b.itemIds).toEqual(a.itemIds);
  });

  it('counts cold test ratings: user or movie without a training rating', () => {
    const allTest = { testFraction: 0.4, validationFraction: 0 };
    // Four users on one movie: 2 go to test, and their users have nothing in train (cold by user).
    expect(splitRatings(ratingsOf([1, 2, 3, 4, 5].map((u): Row => [u, 7, 4])), 1, allTest).counts).toMatchObject({ test: 2, train: 3, coldTest: 2 });
    // One user on five movies: cold by movie.
    expect(splitRatings(ratingsOf([1, 2, 3, 4, 5].map((m): Row => [9, m, 4])), 1, allTest).counts).toMatchObject({ test: 2, coldTest: 2 });
    // A full 2 × 10 block with one test rating: its user and movie both have training ratings.
    const block: Row[] = [];
    for (const u of [1, 2]) for (let m = 1; m <= 10; m++) block.push([u, m, 3]);
    for (let seed = 1; seed <= 10; seed++) {
      expect(splitRatings(ratingsOf(block), seed, { testFraction: 0.05, validationFraction: 0 }).counts).toMatchObject({ test: 1, coldTest: 0 });
    }
    // The block plus a lone rating by user 5 on movie 99: cold exactly when the lone rating is the test one.
    let sawCold = false;
    for (let seed = 1; seed <= 40; seed++) {
      const s = splitRatings(ratingsOf([...block, [5, 99, 2]]), seed, { testFraction: 0.05, validationFraction: 0 });
      const lone = exportRatingsSplit(s).test[0][0] === 5;
      expect(s.counts.coldTest).toBe(lone ? 1 : 0);
      sawCold ||= lone;
    }
    expect(sawCold).toBe(true);
    // Larger and sparser: the count matches the slow one, with validation taking ratings out of train too.
    for (let seed = 1; seed <= 5; seed++) {
      const s = splitRatings(ratingsOf(fixtureRows(120, seed)), seed, { testFraction: 0.3, validationFraction: 0.2 });
      expect(s.counts.coldTest).toBe(coldByHand(s));
    }
  });

  it('maps ids far apart (sorted path) in ascending order', () => {
    const s = splitRatings(
      ratingsOf([
        [2_000_000_000, 5, 3],
        [1, 1_900_000_000, 4],
        [70, 5, 5],
        [1, 5, 2],
      ]),
      1,
    );
    expect(Array.from(s.userIds)).toEqual([1, 70, 2_000_000_000]);
    expect(Array.from(s.itemIds)).toEqual([5, 1_900_000_000]);
    const e = exportRatingsSplit(s);
    expect(sortedKeys([...e.train, ...e.validation, ...e.test])).toEqual(
      sortedKeys([
        [2_000_000_000, 5, 3],
        [1, 1_900_000_000, 4],
        [70, 5, 5],
        [1, 5, 2],
      ]),
    );
  });

  it('names the user and movie of a duplicate pair or a rating off the scale', () => {
    const dup: Row[] = [
      [12, 50, 4],
      [12, 51, 3],
      [13, 50, 2],
      [12, 50, 5],
    ];
    expect(() => splitRatings(ratingsOf(dup), 1)).toThrow('MovieLens ratings: user 12 rated movie 50 twice.');
    expect(() => splitRatings(ratingsOf([...rows, [rows[150][0], rows[150][1], 1]]), 1)).toThrow(`user ${rows[150][0]} rated movie ${rows[150][1]} twice.`);
    expect(() =>
      splitRatings(
        ratingsOf([
          [3, 8, 4],
          [3, 9, 6],
        ]),
        1,
      ),
    ).toThrow('MovieLens ratings: user 3 rated movie 9 as 6, outside the scale of 0.5 to 5 stars.');
    expect(() => splitRatings(ratingsOf([[3, 8, 0]]), 1)).toThrow('user 3 rated movie 8 as 0, outside the scale');
    expect(() => splitRatings(ratingsOf([[3, 8, 3.3]]), 1)).toThrow('MovieLens ratings: user 3 rated movie 8 as 3.3, which is not a whole or half star.');
    expect(() => splitRatings(ratingsOf([]), 1)).toThrow('no ratings');
    expect(() => splitRatings(r, 1, { testFraction: 1 })).toThrow('testFraction');
  });
});

describe('ratingScaleOf', () => {
  it('tells whole stars from half stars', () => {
    expect(
      ratingScaleOf(
        ratingsOf([
          [1, 1, 1],
          [1, 2, 5],
          [2, 1, 3],
        ]),
      ),
    ).toEqual({ min: 1, max: 5, step: 1 });
    expect(
      ratingScaleOf(
        ratingsOf([
          [1, 1, 1],
          [1, 2, 4.5],
        ]),
      ),
    ).toEqual({ min: 0.5, max: 5, step: 0.5 });
    expect(
      ratingScaleOf(
        ratingsOf([
          [1, 1, 0.5],
          [1, 2, 4],
        ]),
      ),
    ).toEqual({ min: 0.5, max: 5, step: 0.5 });
    expect(splitRatings(ratingsOf([[1, 1, 3.5]]), 1).scale).toEqual({ min: 0.5, max: 5, step: 0.5 });
  });

  it('refuses values outside 0.5–5 or between half stars, naming the value', () => {
    expect(() =>
      ratingScaleOf(
        ratingsOf([
          [1, 1, 4],
          [1, 2, 5.5],
        ]),
      ),
    ).toThrow('as 5.5, outside the scale of 0.5 to 5 stars');
    expect(() => ratingScaleOf(ratingsOf([[1, 1, -1]]))).toThrow('as -1, outside');
    expect(() => ratingScaleOf(ratingsOf([[1, 1, 0.25]]))).toThrow('as 0.25, outside');
    expect(() => ratingScaleOf(ratingsOf([[1, 1, 2.75]]))).toThrow('as 2.75, which is not a whole or half star');
    expect(() => ratingScaleOf(ratingsOf([[1, 1, NaN]]))).toThrow('as NaN, outside');
  });
});

describe('denseRatings', () => {
  // 2 users × 3 items: user 0 rated item 2 (4) and item 0 (1.5); user 1 rated item 1 (5).
  const t: RatingTriples = { length: 3, user: Int32Array.from([0, 1, 0]), item: Int32Array.from([2, 1, 0]), rating: Float32Array.from([4, 5, 1.5]) };

  it('lays a part out items × users or users × items, 0 where missing', () => {
    expect(Array.from(denseRatings(t, 2, 3, 'users'))).toEqual([1.5, 0, 4, 0, 5, 0]);
    expect(Array.from(denseRatings(t, 2, 3, 'items'))).toEqual([1.5, 0, 0, 5, 4, 0]);
  });

  it('refuses an index outside the shape', () => {
    expect(() => denseRatings(t, 1, 3, 'items')).toThrow('outside 1 users × 3 items');
  });

  it('agrees with the split it comes from', () => {
    const s = splitRatings(ratingsOf(fixtureRows(200)), 5);
    const { users, items } = s.counts;
    const m = denseRatings(s.train, users, items, 'items');
    expect(m.filter((v) => v !== 0).length).toBe(s.counts.train);
    for (let k = 0; k < s.train.length; k++) expect(m[s.train.item[k] * users + s.train.user[k]]).toBe(s.train.rating[k]);
  });
});

describe('exportRatingsSplit', () => {
  it('gives each part with GroupLens ids, and they map back to the ratings', () => {
    const rows: Row[] = [...fixtureRows(60, 11).map(([u, m]): Row => [u, m, 3.5]), [1000, 193609, 0.5]];
    const s = splitRatings(ratingsOf(rows), 9);
    const e = exportRatingsSplit(s);
    expect(e.format).toBe('movielens-ratings-split');
    expect(e.version).toBe(1);
    expect([e.train.length, e.validation.length, e.test.length]).toEqual([s.counts.train, s.counts.validation, s.counts.test]);
    expect(sortedKeys([...e.train, ...e.validation, ...e.test])).toEqual(sortedKeys(rows));
    const json = JSON.parse(JSON.stringify(e)) as typeof e;
    expect(json).toEqual(e);
    // Row k of a part is the ids at its indices.
    expect(e.test[0]).toEqual([s.userIds[s.test.user[0]], s.itemIds[s.test.item[0]], s.test.rating[0]]);
  });
});

// GroupLens' files are never copied into the project: they are read from MOVIELENS_DIR
// (default ../shared/datasets/movielens beside the project root), as in movielens-real.test.ts.
const root = resolve(__dirname, '..', '..');
const DIR = resolve(root, process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');

const REAL = {
  'ml-100k': { ratings: 100000, users: 943, items: 1682, train: 85500, validation: 4500, test: 10000, coldTest: 10, scale: { min: 1, max: 5, step: 1 } },
  'ml-latest-small': { ratings: 100836, users: 610, items: 9724, train: 86214, validation: 4538, test: 10084, coldTest: 409, scale: { min: 0.5, max: 5, step: 0.5 } },
} as const;

for (const id of ['ml-100k', 'ml-latest-small'] as const) {
  const rel = MOVIELENS_RELEASES[id];
  const path = join(DIR, id, rel.ratingsFile);
  const has = existsSync(path);
  const title = has ? `ratings split of real ${id}` : `ratings split of real ${id} (skipped: no ${id}/ under MOVIELENS_DIR=${DIR})`;
  describe.skipIf(!has)(title, () => {
    it('splits to the expected counts, fast', () => {
      const r = parseRatings(new Uint8Array(readFileSync(path)), rel.ratingsFormat, rel.ratingsFile);
      const t0 = performance.now();
      const s = splitRatings(r, 1);
      const ms = performance.now() - t0;
      const t1 = performance.now();
      const again = splitRatings(r, 1);
      const warm = performance.now() - t1;
      expect(again.counts).toEqual(s.counts);
      expect(Array.from(again.test.user.subarray(0, 50))).toEqual(Array.from(s.test.user.subarray(0, 50)));
      console.log(`${id}: splitRatings in ${ms.toFixed(0)} ms (again, warm: ${warm.toFixed(0)} ms):`, s.counts);
      const want = REAL[id];
      expect(s.counts).toMatchObject({ ratings: want.ratings, users: want.users, items: want.items, train: want.train, validation: want.validation, test: want.test });
      expect(s.scale).toEqual(want.scale);
      expect(s.counts.coldTest).toBe(coldByHand(s));
      // Seed 1's draw (ml-latest-small has ~3,400 movies rated once: a tenth of them land in test, cold).
      expect(s.counts.coldTest).toBe(want.coldTest);
      expect(ms).toBeLessThan(2000);
    });
  });
}

// A synthetic ML-20M-sized run (20M ratings, 138,493 users, 26,744 movies) on request only.
describe.skipIf(process.env.RATINGS_SPLIT_BENCH !== '1')('splitRatings at ML-20M size (RATINGS_SPLIT_BENCH=1)', () => {
  it('splits 20M ratings', () => {
    const users = 138493;
    const perUser = 145;
    const n = users * perUser; // 20,081,485
    const r: Ratings = { length: n, user: new Int32Array(n), item: new Int32Array(n), rating: new Float32Array(n) };
    // Each user rates a run of consecutive movie ids (distinct pairs), like ratings.csv sorted by user.
    const rng = createRng(1);
    for (let u = 0, k = 0; u < users; u++) {
      const first = Math.floor(rng() * 26744);
      for (let j = 0; j < perUser; j++, k++) {
        r.user[k] = u + 1;
        r.item[k] = 1 + ((first + j) % 26744);
        r.rating[k] = 0.5 * (1 + Math.floor(rng() * 10));
      }
    }
    const t0 = performance.now();
    const s = splitRatings(r, 1);
    console.log(`synthetic 20M: splitRatings in ${(performance.now() - t0).toFixed(0)} ms:`, s.counts);
    expect(s.counts.ratings).toBe(n);
  }, 600_000);
});
