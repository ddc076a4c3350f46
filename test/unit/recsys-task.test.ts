import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Autoencoder } from '../../src/models/model';
import type { ClicksReference, ClicksSnapshot } from '../../src/engine/protocol';
import { evaluatePart } from '../../src/engine/recsys-eval';
import { autoAnnealSteps } from '../../src/settings/recsys-settings';
import { defaultSettings } from '../../src/settings/schema';
import { csrFromRows } from './oracles/csr';
import { evaluateRanking } from './oracles/ranking';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

/** A model that ignores its input and scores items with fixed logits (row r for user r). */
function fixedScores(rows: number[][]): Autoencoder {
  const scores = tf.tensor2d(rows);
  return { reconstruct: (x: tf.Tensor2D) => tf.slice(scores, [0, 0], x.shape) } as unknown as Autoencoder;
}

describe('ranking through the device top-k', () => {
  beforeAll(useTestBackend);

  it('gives hand-computed NDCG@100, Recall@20 and Recall@50, with fold-in items masked', async () => {
    const m = 30;
    // User 0: clicked 0 (fold-in; the highest score, masked), targets 2 and 4. Ranked: 3, 2, 4, 1, 5, 6…
    const u0 = Array.from({ length: m }, (_, j) => [9, 1, 5, 8, 3, 0][j] ?? -1 - j / 100);
    // User 1: clicked 1, targets 0 and 29; scores fall with the index, so once 1 is masked 29 is 29th.
    const u1 = Array.from({ length: m }, (_, j) => m - j);
    // User 2: no targets (left out of the means).
    const u2 = Array.from({ length: m }, (_, j) => j);
    const foldIn = csrFromRows([[0], [1], [5]], m);
    const targets = csrFromRows([[2, 4], [0, 29], []], m);
    const x = tf.tensor2d(
      [0, 1, 5].flatMap((c) => Array.from({ length: m }, (_, j) => (j === c ? 1 : 0))),
      [3, m],
    );
    const metrics = await evaluatePart(fixedScores([u0, u1, u2]), x, targets);
    // DCG = Σ 1/log2(rank + 1); ideal DCG over min(100, |targets|) = 2 hits: 1 + 1/log2 3.
    const ideal = 1 + 1 / Math.log2(3);
    const ndcg0 = (1 / Math.log2(3) + 1 / Math.log2(4)) / ideal; // ranks 2 and 3: 0.6934
    const ndcg1 = (1 / Math.log2(2) + 1 / Math.log2(30)) / ideal; // ranks 1 and 29: 0.7381
    expect(ndcg0).toBeCloseTo(0.6934, 4);
    expect(ndcg1).toBeCloseTo(0.7381, 4);
    expect(metrics.users).toBe(2);
    expect(metrics.ndcg100).toBeCloseTo((ndcg0 + ndcg1) / 2, 6);
    expect(metrics.recall20).toBeCloseTo((1 + 0.5) / 2, 6); // user 1's item 29 is 29th: outside the top 20
    expect(metrics.recall50).toBeCloseTo(1, 6);
    // The CPU reference path (ranking-metrics.ts) agrees.
    const cpu = evaluateRanking(Float32Array.from([...u0, ...u1, ...u2]), foldIn, targets);
    expect(cpu.ndcg[100]).toBeCloseTo(metrics.ndcg100, 6);
    expect(cpu.recall[20]).toBeCloseTo(metrics.recall20, 6);
    tf.dispose(x);
  });
});

describe('the MovieLens task in a session', () => {
  beforeAll(useTestBackend);
  const base = { dataset: 'movielens-100k', model: 'mult-vae', latent: 8, multHidden: 32, batchSize: 50, learningRate: 0.01 } as const;

  it('EASE’s inverse asks for every WASM thread before the fit; the run and a query after it size the threads to the net', async () => {
    // A fake thread rule (backend.ts's): all threads from 150 M multiply–adds, else one fewer.
    const asked: number[] = [];
    let threads = 1;
    const suitWasmTo = async (work: number) => {
      asked.push(work);
      const want = work >= 150e6 ? 2 : 1;
      if (want === threads) return null;
      threads = want;
      return { name: 'wasm', adapter: `SIMD, ${want} threads`, threads: want };
    };
    const t = recsysSession({ 'ml-100k': syntheticRelease(300, 600) }, { suitWasmTo });
    await t.init({ ...base, model: 'ease', easeLambda: 50 });
    const items = (t.last('reference')!.reference as ClicksReference).recsys.items.length;
    expect(items).toBeGreaterThan(540); // 600³ ≈ 216 M multiply–adds: past the rule's line
    // First the inverse (items³) on every thread, then the run's largest trained matrix × batch:
    // EASE trains nothing (B is fixed), so it ranks on one thread fewer.
    expect(asked).toEqual([items ** 3, 0]);
    // The backends the rule posted (the first, from init, names no thread count here).
    const threadsPosted = () => t.messages.flatMap((m) => (m.type === 'backend' && m.backend.threads ? [m.backend.threads] : []));
    expect(threadsPosted()).toEqual([2, 1]);

    // A Mult-DAE next: sized by its own largest matrix; a query after it asks again and stays.
    await t.set({ ...defaultSettings(), ...base, model: 'mult-dae' });
    const work = asked.at(-1)!;
    expect(work % (items * 50)).toBe(0);
    await t.query('exportSplit');
    expect(asked.at(-1)).toBe(work);
    expect(threadsPosted()).toEqual([2, 1]);
  });

  it('trains Mult-VAE past popularity, keeps the best checkpoint, leaks nothing, and exports the split', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    expect('image' in t.last('reference')!.reference).toBe(false); // no images: users × movies
    const ref = (t.last('reference')!.reference as ClicksReference).recsys;
    expect(ref.counts.users).toBe(300);
    expect(ref.counts.heldOutPerPart).toBe(22); // round(300 · 10,000 / 136,677)
    expect(ref.counts.trainUsers).toBe(256);
    expect(ref.items[0].title).toMatch(/^Movie \d+ \(19\d\d\)$/);
    expect(ref.baselines.map((b) => b.model)).toEqual(['popularity']);

    await t.step(20); // warm-up: Adam's slots, the order and the best checkpoint exist now
    const tensors = tf.memory().numTensors;
    await t.step(230);
    expect(tf.memory().numTensors).toBe(tensors);
    // β = min(0.2, t / auto), auto = round(200,000 · 5 / 234) for 256 users in batches of 50.
    expect(autoAnnealSteps(256, 50)).toBe(4274);
    await t.step(1);
    const betas = t.history()['train/beta'];
    expect(betas!.at(-1)!.value).toBeCloseTo(250 / 4274, 5);

    const e = await t.evaluate();
    const popularity = e['popularity/test/ndcg@100'];
    console.log(`synthetic: Mult-VAE best test NDCG@100 ${e['best/test/ndcg@100'].toFixed(3)} (step ${e['best/step']}), popularity ${popularity.toFixed(3)}`);
    expect(e.testUsers).toBe(22);
    expect(e['best/test/ndcg@100']).toBeGreaterThan(popularity + 0.15);
    expect(e['best/val/ndcg@100']).toBeGreaterThanOrEqual(e['val/ndcg@100']);
    expect((t.last('snapshot')!.snapshot as ClicksSnapshot).recsys).toMatchObject({ best: { step: e['best/step'] } });

    const split = await t.query<{ validation: { users: { foldIn: number[]; targets: number[] }[] }; itemIds: number[]; train: { userIds: number[] } }>('exportSplit');
    expect(split.train.userIds).toHaveLength(256);
    expect(split.validation.users).toHaveLength(22);
    const u = split.validation.users[0];
    expect(u.targets.length).toBe(Math.floor(0.2 * (u.foldIn.length + u.targets.length)));

    // Liking three movies of the first half should bring back the rest of that half.
    const recs = await t.query<number[]>('recommend', { items: [0, 1, 2].map((k) => ref.items.findIndex((it) => it.movieId === k + 1)), n: 10 });
    const firstHalf = recs.filter((c) => ref.items[c].movieId <= 30).length;
    expect(firstHalf).toBeGreaterThanOrEqual(8);

    // EASE: fitted with progress at the new run; nothing to train; it joins the baselines.
    await t.set({ ...defaultSettings(), ...base, model: 'ease', easeLambda: 50 });
    expect(t.messages.some((m) => m.type === 'progress' && /Fitting EASE \(λ = 50\)/.test(m.label))).toBe(true);
    const { step } = await t.step(5);
    expect(step).toBe(0);
    expect(t.last('notice')!.message).toMatch(/ease is fitted in closed form: there is nothing to train/);
    const ease = await t.evaluate();
    expect(ease['ease/test/ndcg@100']).toBeCloseTo(ease['test/ndcg@100'], 10);
    expect(ease['ease/test/ndcg@100']).toBeGreaterThan(popularity + 0.15);
    const rows = (t.last('snapshot')!.snapshot as ClicksSnapshot).recsys;
    expect(rows.results.map((r) => r.model)).toEqual(['popularity', 'ease', 'mult-vae']);
  });

  it('cancels an EASE fit from its progress bar; the current run and settings stay', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(4);
    const fitting = t.set({ ...defaultSettings(), ...base, model: 'ease', easeLambda: 70 });
    const started = () => t.messages.some((m) => m.type === 'progress' && m.cancellable && /Fitting EASE \(λ = 70\)/.test(m.label));
    while (!started()) await new Promise((r) => setTimeout(r, 0));
    await t.cancel();
    expect(String(await fitting)).toMatch(/Cancelled; the current run continues unchanged/);
    expect(t.last('settings-rejected')!.settings.model).toBe('mult-vae');
    expect((await t.evaluate()).step).toBe(4);
    expect((await t.step(2)).step).toBe(6);
  });

  it('follows a link that changes backend, dataset and model at once; a failed switch still leaves a run', async () => {
    const mnist = Object.fromEntries(
      ['mnist-10k-images-idx3-ubyte.gz', 'mnist-10k-labels-idx1-ubyte.gz'].map((f) => [f, new Uint8Array(readFileSync(new URL(`../../public/datasets/${f}`, import.meta.url)))]),
    );
    const t = recsysSession({ datasets: mnist, 'ml-100k': syntheticRelease() });
    await t.init({ dataset: 'mnist', model: 'linear', backend: 'auto' });
    await t.step(2);
    expect(await t.set({ ...defaultSettings(), ...base, backend: 'cpu' })).toBeUndefined();
    expect((t.last('reference')!.reference as ClicksReference).recsys.counts.users).toBe(300);
    expect((await t.step(3)).step).toBe(3);

    const failed = await t.set({ ...defaultSettings(), ...base, backend: 'wasm', dataset: 'movielens-latest-small' });
    expect(String(failed)).toMatch(/MovieLens files are not here/);
    expect(t.last('settings-rejected')!.settings.backend).toBe('cpu');
    expect((await t.step(2)).step).toBeGreaterThanOrEqual(2); // a run exists: the previous settings were rebuilt
  });

  it('refuses missing or malformed files with a clear message and keeps the run', async () => {
    const bad = {
      'ratings.csv': new TextEncoder().encode('userId,movieId,rating,timestamp\n1,2,4.0,100\n1,3,four,101\n'),
      'movies.csv': new TextEncoder().encode('movieId,title,genres\n'),
    };
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(3);
    const missing = await t.set({ ...defaultSettings(), ...base, dataset: 'movielens-latest-small' });
    expect(String(missing)).toMatch(/MovieLens files are not here .*MOVIELENS_DIR=.* npm run data.*drop a GroupLens zip/);
    expect(t.last('settings-rejected')!.settings.dataset).toBe('movielens-100k');
    expect((await t.evaluate()).step).toBe(3);

    const t2 = recsysSession({ 'ml-100k': syntheticRelease(), 'ml-latest-small': bad });
    await t2.init(base);
    await t2.step(3);
    expect(String(await t2.set({ ...defaultSettings(), ...base, dataset: 'movielens-latest-small' }))).toMatch(/ratings\.csv line 3: the rating is not a number/);
    expect((await t2.evaluate()).step).toBe(3);
  });

  it('takes a dropped GroupLens zip and trains on it as movielens-dropped', async () => {
    const release = syntheticRelease(120, 30);
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await expect(t.drop('notes.zip', zipSync({ 'notes.txt': new Uint8Array([1]) }))).rejects.toThrow(/not a MovieLens zip from GroupLens/);
    // A zip of pictures is the user's own images now, refused here only because its one PNG is damaged.
    await expect(t.drop('photos.zip', zipSync({ 'a.png': new Uint8Array([1]) }))).rejects.toThrow(/None of the 1 dropped file is a usable PNG, JPEG or WebP image/);
    const zip = zipSync({ 'ml-100k/u.data': release['u.data'], 'ml-100k/u.item': release['u.item'] });
    expect(await t.drop('ml-100k.zip', zip)).toEqual({ description: 'MovieLens ml-100k from ml-100k.zip', dataset: 'movielens-dropped' });
    expect(await t.set({ ...defaultSettings(), ...base, dataset: 'movielens-dropped' })).toBeUndefined();
    expect((t.last('reference')!.reference as ClicksReference).recsys.counts.users).toBe(120);
    expect(t.messages.some((m) => m.type === 'progress' && m.label === 'Reading ml-100k.zip…' && m.cancellable)).toBe(true);
    expect((await t.step(2)).step).toBe(2);
  });
});
