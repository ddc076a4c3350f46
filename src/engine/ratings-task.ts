import * as tf from '@tensorflow/tfjs-core';
import { denseRatings, exportRatingsSplit, splitRatings, type RatingsSplit, type RatingTriples } from '../data/movielens/ratings-split';
import { yieldToEventLoop } from '../data/movielens/ratings-parser';
import type { MovieLensData } from '../data/movielens/types';
import { familyOf, type AnyFamily, type RatingFits } from '../families';
import { clipRating, fitBiases, fitMf, globalMean, MF_DEFAULTS, predictBiases, predictMf, ratingErrors } from '../math/rating-baselines';
import { SETTINGS, type Settings } from '../settings/schema';
import type { RatingsReferenceMessage } from './protocol';
import type { QueryName, QueryResult } from './query-map';
import { loadMovieLensData } from './recsys-load';
import { RatingsRun } from './ratings-run';
import { ratingsBlock, ratingsScatter, ratingsUser } from './ratings-queries';
import type { RatingBaselineResult, RatingErrors, RatingsExtras, RatingsResultRow } from './ratings-types';
import type { AddPoint, ModelRun, Task, TaskLoadContext, TaskSnapshot } from './task';
import type { DeviceData } from './trainer';

/** Validation costs a full reconstruction: at most this often while training. */
const VALIDATION_EVERY_MS = 2000;
/** Rows of the training matrix the session's (unused) test loss reads. */
const TEST_LOSS_ROWS = 64;
/** The dense matrix may hold at most this many floats (600 MB). */
const MAX_DENSE_FLOATS = 150_000_000;

export type Predict = (users: Int32Array, items: Int32Array) => Float32Array;

/** Everything computed on the CPU once per split, kept across backend changes. */
interface RatingsState {
  data: MovieLensData;
  split: RatingsSplit;
  /** Training ratings per user and per item (0: cold, scored by the fallback). */
  userCount: Int32Array;
  itemCount: Int32Array;
  /** The biases baseline at its default λ: the dashed line and the cold-start fallback. */
  fallback: Predict;
  baselines: RatingBaselineResult[];
  mf: Map<number, Predict>;
  results: Map<string, RatingsResultRow>;
  progress: TaskLoadContext['progress'];
}

const counts = (t: RatingTriples, n: number, key: 'user' | 'item'): Int32Array => {
  const c = new Int32Array(n);
  for (let k = 0; k < t.length; k++) c[t[key][k]]++;
  return c;
};

/**
 * MovieLens ratings as a matrix-completion task (Sedhain et al. 2015): a seeded 90/10 split of
 * the ratings (5% of the 90 for validation and the best checkpoint), the training matrix on the
 * device in the orientation a family asks for (items × users for I-AutoRec), and RMSE / MAE of
 * clipped predictions. A test rating whose user or item has no training rating is predicted by
 * the user + item biases baseline (which itself falls back to μ + the bias that is known).
 */
export class RatingsTask implements Task {
  readonly kind = 'ratings';
  readonly loadKeys = ['dataset', 'seed'] as const;
  readonly probe: tf.Tensor2D;
  private readonly matrices = new Map<'items' | 'users', DeviceData>();
  private run: RatingsRun | null = null;
  private lastStep = 0;

  private constructor(readonly state: RatingsState) {
    const items = this.matrix('items').train; // made outside tidy: the task keeps it
    this.probe = tf.slice(items, [0, 0], [Math.min(200, this.items), this.users]);
  }

  get users(): number {
    return this.state.split.userIds.length;
  }

  get items(): number {
    return this.state.split.itemIds.length;
  }

  static async load(ctx: TaskLoadContext): Promise<RatingsTask> {
    const data = await loadMovieLensData(ctx);
    await ctx.backendReady; // read while the backend started; what follows makes tensors
    ctx.progress('Splitting the ratings 90/10 (5% of the 90 for validation)…', null);
    await yieldToEventLoop();
    ctx.signal.throwIfAborted();
    const split = splitRatings(data.ratings, ctx.settings.seed);
    const { users, items } = split.counts;
    if (users * items > MAX_DENSE_FLOATS) {
      throw new Error(
        `MovieLens ${data.id} has ${users.toLocaleString('en')} users × ${items.toLocaleString('en')} movies: too large a dense matrix for the browser. Use ml-100k, ml-1m or ml-latest-small.`,
      );
    }
    const mu = globalMean(split.train);
    const lambda = SETTINGS.biasLambda.default;
    const biases = fitBiases(split.train, users, items, lambda, lambda);
    const fallback: Predict = (u, i) => predictBiases(biases, { length: u.length, user: u, item: i, rating: new Float32Array(u.length) }, split.scale);
    const baselineOf = (key: RatingBaselineResult['key'], label: string, predict: Predict): RatingBaselineResult => ({
      key,
      label,
      validation: ratingErrors(predict(split.validation.user, split.validation.item), split.validation),
      test: ratingErrors(predict(split.test.user, split.test.item), split.test),
    });
    const constant = (u: Int32Array) => new Float32Array(u.length).fill(clipRating(mu, split.scale));
    const state: RatingsState = {
      data,
      split,
      userCount: counts(split.train, users, 'user'),
      itemCount: counts(split.train, items, 'item'),
      fallback,
      baselines: [baselineOf('mean', `Global mean (μ = ${mu.toFixed(2)})`, constant), baselineOf('biases', `User + item biases (λ = ${lambda})`, fallback)],
      mf: new Map(),
      results: new Map(),
      progress: ctx.progress,
    };
    const task = new RatingsTask(state);
    const mf = await task.mfFor(MF_DEFAULTS.rank, ctx.signal);
    state.baselines.push(baselineOf('mf', `Matrix factorization (K = ${MF_DEFAULTS.rank})`, mf));
    return task;
  }

  /** Biased MF of rank K (SGD, seconds): fitted once per rank on this split. */
  private async mfFor(rank: number, signal?: AbortSignal): Promise<Predict> {
    const st = this.state;
    const cached = st.mf.get(rank);
    if (cached) return cached;
    const { split } = st;
    const o = { ...MF_DEFAULTS, rank };
    const model = fitMf(split.train, this.users, this.items, o, (epoch) => {
      signal?.throwIfAborted();
      st.progress(`Fitting matrix factorization (K = ${rank}), epoch ${epoch + 1} of ${o.epochs}…`, (epoch + 1) / o.epochs, true);
    });
    st.progress('', 1);
    const predict: Predict = (u, i) => predictMf(model, { length: u.length, user: u, item: i, rating: new Float32Array(u.length) }, split.scale);
    st.mf.set(rank, predict);
    return predict;
  }

  /** What the rating families build from: the matrix's size, the biases and MF fits. */
  get fits(): { ratings: (rows: 'items' | 'users') => RatingFits } {
    const { split } = this.state;
    return {
      ratings: (rows) => ({
        users: this.users,
        items: this.items,
        rows: rows === 'items' ? this.items : this.users,
        biases: (lambda) => {
          const b = fitBiases(split.train, this.users, this.items, lambda, lambda);
          return (u, i) => predictBiases(b, { length: u.length, user: u, item: i, rating: new Float32Array(u.length) }, split.scale);
        },
        mf: (rank, signal) => this.mfFor(rank, signal),
      }),
    };
  }

  /**
   * The training matrix in one orientation, uploaded on first use. Held-out ratings are scored
   * by RMSE, not by a test loss: the trainer's "test" is a slice of the training rows, so the
   * session's loss readout stays cheap.
   */
  private matrix(rows: 'items' | 'users'): DeviceData {
    let m = this.matrices.get(rows);
    if (!m) {
      const shape: [number, number] = rows === 'items' ? [this.items, this.users] : [this.users, this.items];
      const train = tf.tensor2d(denseRatings(this.state.split.train, this.users, this.items, rows), shape);
      m = { train, test: tf.slice(train, [0, 0], [Math.min(TEST_LOSS_ROWS, shape[0]), shape[1]]) };
      this.matrices.set(rows, m);
    }
    return m;
  }

  deviceFor(family: AnyFamily): DeviceData {
    return this.matrix(family.ratingRows ?? 'items');
  }

  async reupload(): Promise<Task> {
    this.dispose();
    return new RatingsTask(this.state);
  }

  /** Predictions for (user, item) index pairs: the model's own, cold pairs by the fallback, clipped. */
  async predict(run: ModelRun, users: Int32Array, items: Int32Array): Promise<Float32Array> {
    return (await this.predictParts(run, [{ user: users, item: items }]))[0];
  }

  /** Predictions for several sets of pairs from one reconstruction of the training matrix (one readback). */
  private async predictParts(run: ModelRun, parts: { user: Int32Array; item: Int32Array }[]): Promise<Float32Array[]> {
    const { state } = this;
    const { model, family } = run;
    const own = model.predictRatings;
    let raw: Float32Array[];
    if (own) raw = parts.map((p) => own(p.user, p.item));
    else {
      const rows = family.ratingRows ?? 'items';
      const cols = rows === 'items' ? this.users : this.items;
      const flat = (p: (typeof parts)[number]) => Int32Array.from(p.user, (u, k) => (rows === 'items' ? p.item[k] * cols + u : u * cols + p.item[k]));
      const picked = tf.tidy(() => {
        const all = tf.reshape(model.reconstruct(this.matrix(rows).train), [-1]);
        return tf.concat(parts.map((p) => tf.gather(all, tf.tensor1d(flat(p), 'int32'))));
      });
      const values = (await picked.data()) as Float32Array;
      picked.dispose();
      let at = 0;
      raw = parts.map((p) => values.subarray(at, (at += p.user.length)));
    }
    const scale = state.split.scale;
    return parts.map((p, j) => {
      const out = Float32Array.from(raw[j]);
      const isCold = (k: number) => state.userCount[p.user[k]] === 0 || state.itemCount[p.item[k]] === 0;
      const anyCold = out.some((_, k) => isCold(k));
      const fallback = anyCold ? state.fallback(p.user, p.item) : null;
      for (let k = 0; k < out.length; k++) out[k] = fallback && isCold(k) ? fallback[k] : clipRating(out[k], scale);
      return out;
    });
  }

  private async errorsOn(run: ModelRun, part: RatingTriples): Promise<RatingErrors> {
    return ratingErrors(await this.predict(run, part.user, part.item), part);
  }

  private runOf({ model, family }: ModelRun): RatingsRun {
    if (this.run?.model !== model) {
      this.run?.dispose();
      this.run = new RatingsRun(model, family.name, family.trains);
    }
    return this.run;
  }

  /**
   * Validation errors now (and the training errors, when asked, from the same reconstruction);
   * a new best also gets its test errors and a weight copy.
   */
  private async validate(current: ModelRun, step: number, withTrain = false): Promise<{ validation: RatingErrors; train: RatingErrors | null }> {
    const run = this.runOf(current);
    const { split } = this.state;
    const parts = withTrain ? [split.validation, split.test, split.train] : [split.validation, split.test];
    const predicted = await this.predictParts(current, parts);
    const validation = ratingErrors(predicted[0], split.validation);
    const train = withTrain ? ratingErrors(predicted[2], split.train) : null;
    run.validation = validation;
    run.lastValAt = performance.now();
    if (!run.best || validation.rmse < run.best.validation.rmse) {
      const test = ratingErrors(predicted[1], split.test);
      run.saveBest({ step, validation, test });
      const model = current.family.name;
      this.state.results.set(model, { model, label: familyOf(model).label, step, validation, test });
    }
    return { validation, train };
  }

  async snapshot(current: ModelRun, add: AddPoint, step: number): Promise<TaskSnapshot> {
    this.lastStep = step;
    const run = this.runOf(current);
    const due = run.trainable ? performance.now() - run.lastValAt >= VALIDATION_EVERY_MS : run.validation === null;
    if (due) {
      const { validation, train } = await this.validate(current, step, true);
      add('val/rmse', validation.rmse);
      add('val/mae', validation.mae);
      if (train) {
        add('train/rmse', train.rmse);
        add('train/mae', train.mae);
      }
    }
    const ratings: RatingsExtras = { validation: run.validation, best: run.best, baselines: [...this.state.baselines], results: [...this.state.results.values()] };
    return { kind: 'ratings', ratings };
  }

  /** Test errors now and at the best validation checkpoint, and each baseline's. */
  async evaluate(current: ModelRun): Promise<Record<string, number>> {
    const run = this.runOf(current);
    const { validation } = await this.validate(current, this.lastStep);
    const test = await this.errorsOn(current, this.state.split.test);
    const c = this.state.split.counts;
    const out: Record<string, number> = { trainRatings: c.train, validationRatings: c.validation, testRatings: c.test, coldTestRatings: c.coldTest };
    out['val/rmse'] = validation.rmse;
    out['val/mae'] = validation.mae;
    out['test/rmse'] = test.rmse;
    out['test/mae'] = test.mae;
    if (run.best) {
      out['best/step'] = run.best.step;
      out['best/val/rmse'] = run.best.validation.rmse;
      out['best/test/rmse'] = run.best.test.rmse;
      out['best/test/mae'] = run.best.test.mae;
    }
    for (const b of this.state.baselines) {
      out[`${b.key}/test/rmse`] = b.test.rmse;
      out[`${b.key}/test/mae`] = b.test.mae;
      out[`${b.key}/val/rmse`] = b.validation.rmse;
    }
    return out;
  }

  async reference(s: Settings): Promise<RatingsReferenceMessage> {
    const { split, data, baselines } = this.state;
    const c = split.counts;
    const items = Array.from(split.itemIds, (movieId) => {
      const m = data.movies.get(movieId);
      return { movieId, title: m?.title ?? `movie ${movieId}`, year: m?.year ?? null, genres: m?.genres ?? [] };
    });
    return {
      kind: 'ratings',
      datasetDescription:
        `MovieLens ${data.id}: ${c.ratings.toLocaleString('en')} ratings (${split.scale.min}–${split.scale.max} stars) of ${c.users.toLocaleString('en')} users × ` +
        `${c.items.toLocaleString('en')} movies; ${c.train.toLocaleString('en')} train / ${c.validation.toLocaleString('en')} validation / ${c.test.toLocaleString('en')} test (seed ${s.seed})`,
      nTrain: c.train,
      nTest: c.test,
      latent: s.autorecHidden,
      ratings: {
        release: data.id,
        scale: split.scale,
        counts: { ...c },
        items,
        userIds: Array.from(split.userIds),
        baselines: [...baselines],
        fallback: `${c.coldTest} test ratings have a user or movie with no training rating: they are predicted by the user + item biases (μ plus whichever bias is known).`,
      },
    };
  }

  async query(current: ModelRun, name: QueryName, args: unknown): Promise<QueryResult<QueryName>> {
    const a = (args ?? {}) as Record<string, unknown>;
    const predict = (u: Int32Array, i: Int32Array) => this.predict(current, u, i);
    switch (name) {
      case 'exportSplit':
        return exportRatingsSplit(this.state.split);
      case 'restoreBest':
        return { step: this.runOf(current).restoreBest() };
      case 'ratingsUser':
        return ratingsUser(this.state.split, a, predict);
      case 'ratingsScatter':
        return ratingsScatter(this.state.split, a, predict);
      case 'ratingsBlock':
        return ratingsBlock(this.state.split, this.state.userCount, this.state.itemCount, a, predict);
      default:
        throw new Error(`The ratings task answers exportSplit, restoreBest, ratingsUser, ratingsScatter and ratingsBlock, not "${name}".`);
    }
  }

  dispose(): void {
    this.run?.dispose();
    this.run = null;
    for (const m of this.matrices.values()) tf.dispose([m.train, m.test]);
    this.matrices.clear();
    this.probe.dispose();
  }
}
