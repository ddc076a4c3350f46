// Item-kNN (cosine with shrink, k neighbours) against brute force, and against popularity on the real ml-100k.
// GroupLens' files are read from MOVIELENS_DIR (default ../shared/datasets/movielens); absent: skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MOVIELENS_RELEASES } from '../../src/data/movielens/releases';
import { csrRow, type Csr } from '../../src/math/csr';
import { fitItemKnn, keepTopK } from '../../src/math/item-knn';
import { createRng } from '../../src/math/rng';
import { createEaseRecommender } from '../../src/models/recsys-from-settings';
import { csrFromRows } from './oracles/csr';
import { recsysSession } from './movielens-session';
import { useTestBackend } from './tf-setup';

const USERS = 30;
const ITEMS = 12;
const K = 3;
const H = 2;

/** Random clicks: each item has its own popularity, so similarities spread out. */
function randomClicks(seed: number, users: number, items: number): Csr {
  const rng = createRng(seed);
  const p = Array.from({ length: items }, () => 0.2 + 0.5 * rng());
  return csrFromRows(
    Array.from({ length: users }, () => Array.from({ length: items }, (_, i) => i).filter((i) => rng() < p[i])),
    items,
  );
}

function dense(x: Csr): number[][] {
  const out = Array.from({ length: x.rows }, () => new Array<number>(x.cols).fill(0));
  for (let u = 0; u < x.rows; u++) for (const i of csrRow(x, u)) out[u][i] = 1;
  return out;
}

/** Brute force: every pair's cosine with shrink by explicit loops (float32, as S is stored). */
function bruteSimilarity(x: Csr, h: number): number[][] {
  const d = dense(x);
  const m = x.cols;
  const s = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      let dot = 0;
      let ni = 0;
      let nj = 0;
      for (let u = 0; u < x.rows; u++) {
        dot += d[u][i] * d[u][j];
        ni += d[u][i] * d[u][i];
        nj += d[u][j] * d[u][j];
      }
      const den = Math.sqrt(ni) * Math.sqrt(nj) + h;
      s[i][j] = dot > 0 && den > 0 ? Math.fround(dot / den) : 0;
    }
  }
  return s;
}

/** N_k(i): the other items sorted by similarity to i (then by index), the first k. */
function bruteNeighbours(s: number[][], k: number): number[][] {
  return s.map((row, i) =>
    row
      .map((v, j) => ({ v, j }))
      .filter(({ j }) => j !== i)
      .sort((a, b) => b.v - a.v || a.j - b.j)
      .slice(0, k)
      .map(({ j }) => j),
  );
}

/** score_ui = Σ over u's clicks j that are among i's neighbours of s_ij. */
function bruteScores(clicks: number[], s: number[][], nb: number[][]): number[] {
  return s.map((_, i) => clicks.filter((j) => nb[i].includes(j)).reduce((acc, j) => acc + s[i][j], 0));
}

/** Items not clicked, best score first (ties to the lower index). */
const ranking = (scores: ArrayLike<number>, clicks: number[]): number[] =>
  Array.from(scores, (v, i) => ({ v, i }))
    .filter(({ i }) => !clicks.includes(i))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .map(({ i }) => i);

describe('item-kNN against brute force', () => {
  beforeAll(useTestBackend);
  const x = randomClicks(7, USERS, ITEMS);
  const sim = bruteSimilarity(x, H);
  const nb = bruteNeighbours(sim, K);
  const S = fitItemKnn(x, K, H);

  it('uses a fixture without ties at any item’s k-th neighbour', () => {
    for (let i = 0; i < ITEMS; i++) {
      const sorted = sim[i].filter((_, j) => j !== i).sort((a, b) => b - a);
      expect(sorted[K - 1]).toBeGreaterThan(sorted[K]); // the kept set is unambiguous
      expect(sorted[K - 1]).toBeGreaterThan(0);
    }
  });

  it('gives S_ji = s_ij for the k neighbours j of each item i, 0 elsewhere and on the diagonal', () => {
    expect(S).toHaveLength(ITEMS * ITEMS);
    for (let i = 0; i < ITEMS; i++) {
      const kept = [];
      for (let j = 0; j < ITEMS; j++) {
        const v = S[j * ITEMS + i];
        if (v !== 0) kept.push(j);
        expect(v).toBeCloseTo(nb[i].includes(j) ? sim[i][j] : 0, 6);
      }
      expect(kept.sort((a, b) => a - b)).toEqual([...nb[i]].sort((a, b) => a - b));
      expect(S[i * ITEMS + i]).toBe(0);
    }
  });

  it('keeps every similarity when k ≥ items − 1 (S = the full cosine matrix, symmetric)', () => {
    for (const k of [ITEMS - 1, 2000]) {
      const full = fitItemKnn(x, k, H);
      for (let i = 0; i < ITEMS; i++) for (let j = 0; j < ITEMS; j++) expect(full[i * ITEMS + j]).toBeCloseTo(sim[i][j], 6);
    }
  });

  it('scores and ranks a user as brute force, on the CPU and through the device matMul', async () => {
    const users = randomClicks(99, 5, ITEMS);
    const xs = dense(users);
    const model = createEaseRecommender(ITEMS, S, 'item-knn');
    const device = await tf.tidy(() => model.reconstruct(tf.tensor2d(xs))).array();
    model.dispose();
    for (let u = 0; u < users.rows; u++) {
      const clicks = Array.from(csrRow(users, u));
      const want = bruteScores(clicks, sim, nb);
      const cpu = Array.from({ length: ITEMS }, (_, i) => clicks.reduce((acc, j) => acc + S[j * ITEMS + i], 0)); // x_u S
      for (let i = 0; i < ITEMS; i++) {
        expect(cpu[i]).toBeCloseTo(want[i], 6);
        expect(device[u][i]).toBeCloseTo(want[i], 5);
      }
      expect(ranking(cpu, clicks)).toEqual(ranking(want, clicks));
    }
  });

  it('breaks ties at the k-th value toward the lower index, and refuses bad k or h', () => {
    const row = Float32Array.from([0.5, 0.2, 0.5, 0.5, 0.1]);
    keepTopK(row, 2);
    expect(Array.from(row)).toEqual([0.5, 0, 0.5, 0, 0]);
    expect(() => fitItemKnn(x, 0, H)).toThrow(/k ≥ 1/);
    expect(() => fitItemKnn(x, 3, -1)).toThrow(/shrink/);
  });
});

const root = resolve(__dirname, '..', '..');
const DIR = resolve(root, process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');
const HAS_100K = existsSync(join(DIR, 'ml-100k', MOVIELENS_RELEASES['ml-100k'].ratingsFile));

describe.skipIf(!HAS_100K)('item-kNN on the real ml-100k', () => {
  beforeAll(useTestBackend);

  it('clearly beats popularity on the test users, through the session', async () => {
    const t = recsysSession((release, name) => new Uint8Array(readFileSync(join(DIR, release, name))));
    const t0 = performance.now();
    await t.init({ dataset: 'movielens-100k', model: 'item-knn', knnNeighbours: 100, knnShrink: 10, seed: 1 });
    const errors = t.messages.filter((m) => m.type === 'notice' && m.level === 'error');
    expect(errors).toEqual([]);
    expect(t.messages.some((m) => m.type === 'progress' && /Fitting Item-kNN \(k = 100, h = 10\)/.test(m.label))).toBe(true);
    const e = await t.evaluate();
    const s = (performance.now() - t0) / 1000;
    const row = (p: string) => `NDCG@100 ${e[`${p}/test/ndcg@100`].toFixed(4)}  Recall@20 ${e[`${p}/test/recall@20`].toFixed(4)}  Recall@50 ${e[`${p}/test/recall@50`].toFixed(4)}`;
    console.log(
      `ml-100k (${e.testUsers} test users, ${e.items} items, seed 1): item-kNN (k = 100, h = 10) ${row('item-knn')}; popularity ${row('popularity')}; load + fit + evaluate ${s.toFixed(1)} s`,
    );
    expect(e['test/ndcg@100']).toBeCloseTo(e['item-knn/test/ndcg@100'], 10); // the run is the baseline's model
    expect(e['item-knn/test/ndcg@100']).toBeGreaterThan(e['popularity/test/ndcg@100'] + 0.05);
    expect(e['item-knn/test/recall@50']).toBeGreaterThan(e['popularity/test/recall@50']);
  }, 300_000);
});

describe.skipIf(HAS_100K)('item-kNN on the real ml-100k', () => {
  it.skip(`ml-100k not found in ${DIR} (set MOVIELENS_DIR to a folder holding GroupLens' ml-100k/)`, () => undefined);
});
