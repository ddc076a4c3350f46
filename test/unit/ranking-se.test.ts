import { beforeAll, describe, expect, it } from 'vitest';
import type { ClicksSnapshot } from '../../src/engine/protocol';
import { meanAndSe, metricsOfRankings, ndcgByActivity } from '../../src/engine/recsys-eval';
import { createRng } from '../../src/math/rng';
import { csrFromRows } from './oracles/csr';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

// Liang et al. 2018 report each metric ± its standard error over the test users; with this
// lab's 22–69 test users those error bars matter. Checked here against brute force.

/** SE = s / √n with s² = Σ(x − x̄)² / (n − 1), written out longhand. */
function bruteSe(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.map((x) => (x - mean) * (x - mean)).reduce((a, b) => a + b, 0) / (xs.length - 1);
  return Math.sqrt(variance) / Math.sqrt(xs.length);
}

/** NDCG@100 straight from the definition: Σ_{rank i ∈ targets} 1/log2(i + 1) over the ideal Σ_{i ≤ min(100, |T|)} 1/log2(i + 1). */
function bruteNdcg(ranking: number[], targets: Set<number>): number {
  let dcg = 0;
  ranking.slice(0, 100).forEach((item, i) => {
    if (targets.has(item)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 1; i <= Math.min(100, targets.size); i++) ideal += 1 / Math.log2(i + 1);
  return dcg / ideal;
}

/** Recall@k = |top-k ∩ T| / min(k, |T|). */
const bruteRecall = (ranking: number[], targets: Set<number>, k: number) => ranking.slice(0, k).filter((c) => targets.has(c)).length / Math.min(k, targets.size);

describe('standard errors and activity quintiles of the ranking metrics', () => {
  // 11 held-out users over 60 items; row 5 has no targets (not scored). Totals (fold-in +
  // targets) of the scored rows: r0 13, r1 45, r2 5, r3 38, r4 19, r6 7, r7 13, r8 20, r9 20, r10 7.
  const items = 60;
  const targetSizes = [3, 25, 1, 8, 12, 0, 5, 2, 15, 4, 6];
  const foldInSizes = [10, 20, 4, 30, 7, 9, 2, 11, 5, 16, 1];
  const rng = createRng(7);
  const shuffled = () => {
    const a = Array.from({ length: items }, (_, j) => j);
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const users = targetSizes.map((t, r) => {
    const drawn = shuffled();
    const targets = drawn.slice(0, t).sort((a, b) => a - b);
    const foldIn = drawn.slice(t, t + foldInSizes[r]).sort((a, b) => a - b);
    // The ranking: every non-fold-in item in a random order (targets spread through it), fold-in last.
    const ranking = [...shuffled().filter((c) => !foldIn.includes(c)), ...foldIn];
    return { targets, foldIn, ranking };
  });
  const ranked = Int32Array.from(users.flatMap((u) => u.ranking));
  const targets = csrFromRows(
    users.map((u) => u.targets),
    items,
  );
  const foldIn = csrFromRows(
    users.map((u) => u.foldIn),
    items,
  );
  const scored = users.map((u, r) => ({ ...u, r, set: new Set(u.targets) })).filter((u) => u.targets.length > 0);
  const ndcgs = scored.map((u) => bruteNdcg(u.ranking, u.set));

  it('gives each mean and SE = sample SD / √n of the per-user metric', () => {
    const m = metricsOfRankings(ranked, items, targets, foldIn);
    expect(m.users).toBe(10);
    const recall20 = scored.map((u) => bruteRecall(u.ranking, u.set, 20));
    const recall50 = scored.map((u) => bruteRecall(u.ranking, u.set, 50));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(m.ndcg100).toBeCloseTo(mean(ndcgs), 12);
    expect(m.recall20).toBeCloseTo(mean(recall20), 12);
    expect(m.recall50).toBeCloseTo(mean(recall50), 12);
    expect(m.se.ndcg100).toBeCloseTo(bruteSe(ndcgs), 12);
    expect(m.se.recall20).toBeCloseTo(bruteSe(recall20), 12);
    expect(m.se.recall50).toBeCloseTo(bruteSe(recall50), 12);
    // Recall@20 and @50 differ on this fixture (user 1 has 25 targets), so the keys are not mixed up.
    expect(m.recall20).not.toBeCloseTo(m.recall50, 3);
    expect(m.se.ndcg100).toBeGreaterThan(0);
  });

  it('splits the scored users into five equal-count groups by total clicks, ties in row order', () => {
    const m = metricsOfRankings(ranked, items, targets, foldIn);
    // Sorted by total: r2 5, r6 7, r10 7, r0 13, r7 13, r4 19, r8 20, r9 20, r3 38, r1 45 → pairs.
    const groups = [
      [2, 6],
      [10, 0],
      [7, 4],
      [8, 9],
      [3, 1],
    ];
    const ndcgOfRow = (r: number) => ndcgs[scored.findIndex((u) => u.r === r)];
    expect(m.byActivity).toEqual([
      { minClicks: 5, maxClicks: 7, users: 2, ndcg100: expect.closeTo((ndcgOfRow(2) + ndcgOfRow(6)) / 2, 12) },
      { minClicks: 7, maxClicks: 13, users: 2, ndcg100: expect.closeTo((ndcgOfRow(10) + ndcgOfRow(0)) / 2, 12) },
      { minClicks: 13, maxClicks: 19, users: 2, ndcg100: expect.closeTo((ndcgOfRow(7) + ndcgOfRow(4)) / 2, 12) },
      { minClicks: 20, maxClicks: 20, users: 2, ndcg100: expect.closeTo((ndcgOfRow(8) + ndcgOfRow(9)) / 2, 12) },
      { minClicks: 38, maxClicks: 45, users: 2, ndcg100: expect.closeTo((ndcgOfRow(3) + ndcgOfRow(1)) / 2, 12) },
    ]);
    // The groups partition the scored users: their user-weighted mean is the overall mean.
    expect(groups.flat().sort((a, b) => a - b)).toEqual(scored.map((u) => u.r));
    const weighted = m.byActivity!.reduce((s, g) => s + g.users * g.ndcg100, 0) / m.users;
    expect(weighted).toBeCloseTo(m.ndcg100, 12);
  });

  it('leaves byActivity out without the fold-in, and agrees on the rest', () => {
    const withFoldIn = metricsOfRankings(ranked, items, targets, foldIn);
    const without = metricsOfRankings(ranked, items, targets);
    expect(without.byActivity).toBeUndefined();
    expect({ ...without }).toEqual({ ...withFoldIn, byActivity: undefined });
  });

  it('sizes groups as ⌊g·n/5⌋ boundaries and drops empty ones', () => {
    // 7 users: sorted 1(u4) 3(u1) 3(u2) 5(u6) 7(u5) 9(u0) 12(u3) → sizes 1, 1, 2, 1, 2.
    const clicks = [9, 3, 3, 12, 1, 7, 5];
    const ndcg = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    expect(ndcgByActivity(clicks, ndcg)).toEqual([
      { minClicks: 1, maxClicks: 1, users: 1, ndcg100: 0.5 },
      { minClicks: 3, maxClicks: 3, users: 1, ndcg100: 0.2 },
      { minClicks: 3, maxClicks: 5, users: 2, ndcg100: expect.closeTo(0.5, 12) },
      { minClicks: 7, maxClicks: 7, users: 1, ndcg100: 0.6 },
      { minClicks: 9, maxClicks: 12, users: 2, ndcg100: expect.closeTo(0.25, 12) },
    ]);
    // 3 users in 5 groups: three groups of one.
    expect(ndcgByActivity([4, 2, 8], [0.3, 0.2, 0.9]).map((g) => [g.minClicks, g.users])).toEqual([
      [2, 1],
      [4, 1],
      [8, 1],
    ]);
    expect(ndcgByActivity([], [])).toEqual([]);
  });

  it('meanAndSe: a worked case, and NaN where the SE is undefined', () => {
    // x = 1, 2, 3, 4: x̄ = 2.5, s² = 5/3, SE = √(5/3 / 4) = 0.6455.
    const { mean, se } = meanAndSe([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(se).toBeCloseTo(Math.sqrt(5 / 12), 14);
    expect(meanAndSe([0.4]).mean).toBe(0.4);
    expect(meanAndSe([0.4]).se).toBeNaN();
    expect(meanAndSe([]).mean).toBeNaN();
  });
});

describe('lab.evaluate() on the clicks task', () => {
  beforeAll(useTestBackend);
  const base = { dataset: 'movielens-100k', model: 'mult-vae', latent: 8, multHidden: 32, batchSize: 50, learningRate: 0.01 } as const;

  it('gives …/se beside every metric, and NDCG@100 by activity in the results rows; no /se chart series', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(20);
    const e = await t.evaluate();
    const n = e.testUsers;
    expect(n).toBe(22);
    for (const prefix of ['val', 'test', 'best/val', 'best/test', 'popularity/test']) {
      for (const metric of ['ndcg@100', 'recall@20', 'recall@50']) {
        const se = e[`${prefix}/${metric}/se`];
        expect(Number.isFinite(se), `${prefix}/${metric}/se`).toBe(true);
        // NDCG@100 varies across users; with 60 movies the top 50 can hold every candidate, so Recall@50 may be 1 for all: then SE = 0.
        if (metric === 'ndcg@100') expect(se).toBeGreaterThan(0);
        if (e[`${prefix}/${metric}`] === 1) expect(se).toBe(0);
        // A mean of values in [0, 1]: s ≤ ½·√(n / (n − 1)), so SE ≤ 1 / (2√(n − 1)).
        expect(se).toBeLessThanOrEqual(0.5 / Math.sqrt(Math.min(n, e.validationUsers) - 1));
        expect(e[`${prefix}/${metric}`]).toBeGreaterThanOrEqual(0);
      }
    }
    // evaluate() only: the live history carries no /se series.
    for (const m of t.messages) if (m.type === 'snapshot') expect(Object.keys(m.snapshot.increments).filter((k) => k.endsWith('/se'))).toEqual([]);

    const rows = (t.last('snapshot')!.snapshot as ClicksSnapshot).recsys.results;
    expect(rows.map((r) => r.model)).toEqual(['popularity', 'mult-vae']);
    const vae = rows[1];
    expect(vae.test.ndcg100).toBeCloseTo(e['best/test/ndcg@100'], 12);
    expect(vae.test.se.ndcg100).toBeCloseTo(e['best/test/ndcg@100/se'], 12);
    for (const r of rows) {
      const groups = r.test.byActivity!;
      expect(groups.map((g) => g.users)).toEqual([4, 4, 5, 4, 5]); // ⌊g·22/5⌋ boundaries
      for (let g = 1; g < groups.length; g++) expect(groups[g].minClicks).toBeGreaterThanOrEqual(groups[g - 1].maxClicks);
      expect(groups.reduce((s, g) => s + g.users * g.ndcg100, 0) / n).toBeCloseTo(r.test.ndcg100, 10);
      expect(r.validation.byActivity).toBeUndefined();
    }
    // The groups are the same users for every model.
    expect(rows[0].test.byActivity!.map((g) => [g.minClicks, g.maxClicks])).toEqual(vae.test.byActivity!.map((g) => [g.minClicks, g.maxClicks]));
  });
});
