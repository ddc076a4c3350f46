import { describe, expect, it } from 'vitest';
import { activeUsers, exportSplit, heldOutCount, preprocessMovieLens, splitInOrder } from '../../src/data/movielens/protocol';
import type { Ratings } from '../../src/data/movielens/types';
import { csrRow } from '../../src/math/csr';
import { createRng, permutation } from '../../src/math/rng';

// [user, movie, rating] in file order. Clicks are ratings > 3.5 (so 3.5 is not one).
const ROWS: [number, number, number][] = [
  // U1: 5 clicks (101..105); 106 (3) and 107 (3.5) are not clicks.
  [1, 101, 5],
  [1, 102, 4],
  [1, 103, 4],
  [1, 104, 5],
  [1, 105, 4],
  [1, 106, 3],
  [1, 107, 3.5],
  // U2: 6 clicks.
  [2, 101, 4],
  [2, 102, 4],
  [2, 103, 5],
  [2, 108, 4],
  [2, 109, 4],
  [2, 110, 4],
  // U3: 3 clicks (the 2 is not): fewer than 5, so U3 is dropped.
  [3, 101, 5],
  [3, 104, 4],
  [3, 105, 4],
  [3, 111, 2],
  // U4: 5 clicks; 112 is a 1.
  [4, 102, 4.5],
  [4, 103, 4],
  [4, 104, 4],
  [4, 105, 4],
  [4, 108, 5],
  [4, 112, 1],
  // U5: 10 clicks, 3 of them (113, 114, 116) on items no training user clicks.
  [5, 101, 4],
  [5, 102, 4],
  [5, 103, 4],
  [5, 104, 4],
  [5, 105, 4],
  [5, 108, 4],
  [5, 109, 4],
  [5, 113, 5],
  [5, 114, 4],
  [5, 116, 4],
  // U6: 6 clicks, only 4 on training items.
  [6, 101, 5],
  [6, 109, 4],
  [6, 110, 4],
  [6, 113, 4],
  [6, 114, 5],
  [6, 102, 4],
  // U7: 16 clicks, 11 on training items.
  [7, 101, 4],
  [7, 102, 4],
  [7, 103, 4],
  [7, 104, 4],
  [7, 105, 4],
  [7, 108, 4],
  [7, 109, 4],
  [7, 110, 4],
  [7, 117, 4],
  [7, 118, 4],
  [7, 119, 4],
  [7, 121, 5],
  [7, 122, 4],
  [7, 123, 4],
  [7, 124, 4],
  [7, 125, 4],
  // U8: 5 clicks, bringing 117, 118, 119 into the training items.
  [8, 110, 4],
  [8, 117, 5],
  [8, 118, 4],
  [8, 101, 4],
  [8, 119, 4],
  // U9: 11 clicks, 120 not a training item.
  [9, 117, 4],
  [9, 118, 5],
  [9, 119, 4],
  [9, 120, 4],
  [9, 101, 4],
  [9, 102, 4],
  [9, 103, 4],
  [9, 104, 4],
  [9, 105, 4],
  [9, 108, 4],
  [9, 109, 4],
  // U10: no clicks at all.
  [10, 101, 2],
  [10, 102, 1],
];

const ratings: Ratings = {
  length: ROWS.length,
  user: Int32Array.from(ROWS, (r) => r[0]),
  item: Int32Array.from(ROWS, (r) => r[1]),
  rating: Float32Array.from(ROWS, (r) => r[2]),
};

const rowsOf = (m: { rows: number; cols: number; indptr: Int32Array; indices: Int32Array }) => Array.from({ length: m.rows }, (_, r) => Array.from(csrRow(m, r)));

describe('Liang et al. preprocessing on a hand-made fixture', () => {
  it('keeps users with ≥ 5 clicks (ratings > 3.5)', () => {
    expect(ROWS.length).toBe(73);
    expect(Array.from(activeUsers(ratings))).toEqual([1, 2, 4, 5, 6, 7, 8, 9]);
  });

  it('splits a given order: columns from training users, dropped items, 20% targets', () => {
    // Train U4, U1, U2, U8; validation U5, U9; test U6, U7.
    const s = splitInOrder(ratings, Int32Array.from([4, 1, 2, 8, 5, 9, 6, 7]), 2);
    expect(s.counts).toEqual({
      ratings: 73,
      clicks: 67,
      usersWithClicks: 9,
      users: 8,
      heldOutPerPart: 2,
      trainUsers: 4,
      items: 11,
      trainClicks: 21,
    });
    // Columns in order of first click by a training user in the file: U1, then U2's new ones, then U8's.
    expect(Array.from(s.itemIds)).toEqual([101, 102, 103, 104, 105, 108, 109, 110, 117, 118, 119]);
    expect(s.itemIndex.get(117)).toBe(8);
    expect(Array.from(s.train.userIds)).toEqual([4, 1, 2, 8]);
    expect(Array.from(s.train.clicks.indptr)).toEqual([0, 5, 10, 16, 21]);
    expect(rowsOf(s.train.clicks)).toEqual([
      [1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4],
      [0, 1, 2, 5, 6, 7],
      [0, 7, 8, 9, 10],
    ]);

    const v = s.validation;
    expect(Array.from(v.userIds)).toEqual([5, 9]);
    expect(Array.from(v.skippedUserIds)).toEqual([]);
    expect(v.droppedClicks).toBe(4); // U5: 113, 114, 116; U9: 120
    // U5 has 7 clicks left: int(0.2·7) = 1 target, 6 fold-in. U9 has 10: 2 targets, 8 fold-in.
    expect(Array.from(v.targets.indptr)).toEqual([0, 1, 3]);
    expect(Array.from(v.foldIn.indptr)).toEqual([0, 6, 14]);
    const u5 = [...csrRow(v.foldIn, 0), ...csrRow(v.targets, 0)].sort((a, b) => a - b);
    expect(u5).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const u9 = [...csrRow(v.foldIn, 1), ...csrRow(v.targets, 1)].sort((a, b) => a - b);
    expect(u9).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10]);
    // The draw: U5 comes first (ascending id); its clicks on training items in file order are
    // columns 0..6, and np.random.choice(7, 1) picks index floor(7·r) of the fresh generator.
    expect(Array.from(csrRow(v.targets, 0))).toEqual([Math.floor(7 * createRng(98765)())]);

    const t = s.test;
    expect(Array.from(t.userIds)).toEqual([7]);
    expect(Array.from(t.skippedUserIds)).toEqual([6]); // 4 clicks left on training items
    expect(t.droppedClicks).toBe(7); // U6: 113, 114; U7: 121..125
    expect(t.targets.rows).toBe(1);
    expect(csrRow(t.targets, 0).length).toBe(2); // int(0.2·11)
    expect(csrRow(t.foldIn, 0).length).toBe(9);
    expect(t.foldIn.cols).toBe(11);
    expect(t.targets.cols).toBe(11);
  });

  it('int(0.2·n) targets: 1 for 5..9 clicks, 2 for 10..14', () => {
    const mk = (n: number): Ratings => {
      // One training user clicks items 1..n; one validation and one test user click the same.
      const rows: [number, number][] = [];
      for (const u of [1, 2, 3]) for (let i = 1; i <= n; i++) rows.push([u, i]);
      return { length: rows.length, user: Int32Array.from(rows, (r) => r[0]), item: Int32Array.from(rows, (r) => r[1]), rating: new Float32Array(rows.length).fill(4) };
    };
    for (const [n, s] of [
      [5, 1],
      [9, 1],
      [10, 2],
      [14, 2],
      [15, 3],
      [35, 7],
    ]) {
      const split = splitInOrder(mk(n), Int32Array.from([1, 2, 3]), 1);
      expect(split.validation.targets.indptr[1]).toBe(s);
      expect(split.test.foldIn.indptr[1]).toBe(n - s);
    }
  });

  it('shuffles the kept users with the seeded RNG and holds out ≈7.3% per part', () => {
    expect(heldOutCount(136677)).toBe(10000); // the paper's ML-20M figure
    expect(heldOutCount(938)).toBe(69);
    expect(heldOutCount(603)).toBe(44);
    expect(heldOutCount(8)).toBe(1); // never fewer than 1
    const s = preprocessMovieLens(ratings, { seed: 7 });
    expect(s.counts.users).toBe(8);
    expect(s.counts.heldOutPerPart).toBe(1);
    expect(s.counts.trainUsers).toBe(6);
    const kept = [1, 2, 4, 5, 6, 7, 8, 9];
    const order = Array.from(permutation(8, createRng(7)), (i) => kept[i]);
    expect(Array.from(s.train.userIds)).toEqual(order.slice(0, 6));
    expect([...s.validation.userIds, ...s.validation.skippedUserIds]).toEqual([order[6]]);
    expect([...s.test.userIds, ...s.test.skippedUserIds]).toEqual([order[7]]);
    // Same seed, same split; the default is the paper's seed.
    expect(exportSplit(preprocessMovieLens(ratings, { seed: 7 }))).toEqual(exportSplit(s));
    expect(preprocessMovieLens(ratings).options.seed).toBe(98765);
    expect(preprocessMovieLens(ratings, { heldOutUsers: 2 }).counts.trainUsers).toBe(4);
    expect(() => preprocessMovieLens(ratings, { heldOutUsers: 4 })).toThrow('Cannot hold out 2 × 4 of 8 users');
  });

  it('exports plain JSON with movie ids per held-out user', () => {
    const s = splitInOrder(ratings, Int32Array.from([4, 1, 2, 8, 5, 9, 6, 7]), 2);
    const e = JSON.parse(JSON.stringify(exportSplit(s)));
    expect(e.itemIds).toEqual([101, 102, 103, 104, 105, 108, 109, 110, 117, 118, 119]);
    expect(e.train.userIds).toEqual([4, 1, 2, 8]);
    expect(e.validation.users.map((u: { user: number }) => u.user)).toEqual([5, 9]);
    const u5 = e.validation.users[0];
    expect([...u5.foldIn, ...u5.targets].sort()).toEqual([101, 102, 103, 104, 105, 108, 109]);
    expect(e.test.skippedUsers).toEqual([6]);
    expect(e.test.users[0].targets).toHaveLength(2);
    expect(e.counts.items).toBe(11);
  });
});
