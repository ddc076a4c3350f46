import * as tf from '@tensorflow/tfjs-core';
import { preprocessMovieLens, type MovieLensSplit } from '../data/movielens/protocol';
import { yieldToEventLoop } from '../data/movielens/ratings-parser';
import type { MovieLensData } from '../data/movielens/types';
import { csrNnz, csrToDense } from '../math/csr';
import { itemPopularity } from '../math/popularity';
import type { ClickFits } from '../families';
import { autoAnnealSteps, updatesPerEpoch } from '../settings/recsys-settings';
import type { Settings } from '../settings/schema';
import type { Autoencoder } from '../models/model';
import type { Reference } from './protocol';
import { easeBaseline, fitEaseWeights, popularityBaseline, type HeldOutOnDevice } from './recsys-baselines';
import { evaluatePart } from './recsys-eval';
import { fitKnnWeights, knnBaseline } from './recsys-knn';
import { loadMovieLensData } from './recsys-load';
import { answerRecsysQuery } from './recsys-queries';
import { RecsysRun, unitMovies } from './recsys-run';
import type { BaselineResult, RankingMetricKey, RankingMetrics, RecsysExtras, RecsysItem, ResultRow } from './recsys-types';
import type { QueryName, QueryResult } from './query-map';
import type { RankingSeries } from './series';
import { runSweep } from './recsys-sweep';
import type { AddPoint, ModelRun, QueryContext, Task, TaskLoadContext, TaskSnapshot } from './task';
import type { DeviceData } from './trainer';

/** The dense training matrix may hold at most this many floats (600 MB). */
export const MAX_DENSE_FLOATS = 150_000_000;
/** Validation ranking costs a pass over the held-out users: at most this often. */
export const VALIDATION_EVERY_MS = 2000;
const PROBE_USERS = 500;

type Progress = TaskLoadContext['progress'];

/** Everything computed on the CPU once per split, kept across backend changes. */
interface SplitState {
  data: MovieLensData;
  split: MovieLensSplit;
  items: RecsysItem[];
  popularity: Float32Array;
  baselines: BaselineResult[];
  /** The last EASE fit (B is items² floats: one is kept). */
  ease: { lambda: number; weights: Float32Array } | null;
  /** The last item-kNN fit (S is items² floats too: one is kept). */
  knn: { k: number; shrink: number; weights: Float32Array } | null;
  /** Best-checkpoint test metrics of the latest run of each trained model. */
  results: Map<string, ResultRow>;
  progress: Progress;
  suitThreadsTo?: (work: number) => Promise<void>;
}

const METRICS: [RankingSeries, RankingMetricKey][] = [
  ['ndcg@100', 'ndcg100'],
  ['recall@20', 'recall20'],
  ['recall@50', 'recall50'],
];

/** The metrics as points; with addSe, each one's standard error beside it ("…/ndcg@100/se": evaluate() only, not a chart series). */
const metricPoints = <P extends string>(
  prefix: P,
  m: RankingMetrics,
  add: (name: `${P}/${RankingSeries}`, value: number) => void,
  addSe?: (name: `${P}/${RankingSeries}/se`, value: number) => void,
) => {
  for (const [series, key] of METRICS) {
    add(`${prefix}/${series}`, m[key]);
    addSe?.(`${prefix}/${series}/se`, m.se[key]);
  }
};

/**
 * MovieLens as a recommender task (Liang et al. 2018): training users' clicks on the
 * device as a dense users × items matrix; validation and test users' fold-in clicks too
 * (device.test is the validation fold-in, so the trainer's test loss is meaningful).
 * Ranking metrics come from the device's top-k; the best validation checkpoint is kept.
 */
export class RecsysTask implements Task {
  readonly kind = 'clicks';
  readonly loadKeys = ['dataset', 'seed'] as const;
  readonly device: DeviceData;
  readonly probe: tf.Tensor2D;
  readonly heldOut: HeldOutOnDevice;
  private run: RecsysRun | null = null;
  private lastStep = 0;

  private constructor(readonly state: SplitState) {
    const { split } = state;
    const dense = (c: typeof split.train.clicks) => tf.tensor2d(csrToDense(c), [c.rows, c.cols]);
    const validation = dense(split.validation.foldIn);
    this.device = { train: dense(split.train.clicks), test: validation };
    this.heldOut = {
      validation: { foldIn: validation, targets: split.validation.targets },
      test: { foldIn: dense(split.test.foldIn), targets: split.test.targets, foldInClicks: split.test.foldIn },
    };
    this.probe = tf.slice(validation, [0, 0], [Math.min(PROBE_USERS, validation.shape[0]), validation.shape[1]]);
  }

  get inputDim(): number {
    return this.state.split.itemIds.length;
  }

  static async load(ctx: TaskLoadContext): Promise<RecsysTask> {
    const data = await loadMovieLensData(ctx);
    await ctx.backendReady; // read while the backend started; what follows makes tensors
    ctx.progress('Splitting users as Liang et al. (clicks = ratings > 3.5, users with ≥ 5)…', null);
    await yieldToEventLoop();
    ctx.signal.throwIfAborted();
    const split = preprocessMovieLens(data.ratings, { seed: ctx.settings.seed });
    checkSize(split);
    const items = Array.from(split.itemIds, (movieId) => {
      const m = data.movies.get(movieId);
      return { movieId, title: m?.title ?? `movie ${movieId}`, year: m?.year ?? null, genres: m?.genres ?? [] };
    });
    const popularity = itemPopularity(split.train.clicks);
    const task = new RecsysTask({
      data,
      split,
      items,
      popularity,
      baselines: [],
      ease: null,
      knn: null,
      results: new Map(),
      progress: ctx.progress,
      suitThreadsTo: ctx.suitThreadsTo,
    });
    task.state.baselines.push(await popularityBaseline(popularity, task.heldOut));
    return task;
  }

  deviceFor(): DeviceData {
    return this.device;
  }

  async reupload(): Promise<Task> {
    this.dispose();
    return new RecsysTask(this.state);
  }

  /** What the recommenders' builds read: the training users, popularity, and EASE's B on demand. */
  get fits(): { clicks: ClickFits } {
    const { split, popularity } = this.state;
    return {
      clicks: {
        trainUsers: split.counts.trainUsers,
        popularity,
        ease: async (lambda, signal) => (await this.easeFor(lambda, signal)).weights,
        knn: (k, shrink, signal) => this.knnFor(k, shrink, signal),
      },
    };
  }

  /** Item-kNN's S for (k, h): refitted when either changed; its metrics join the baselines (once per pair). */
  private async knnFor(k: number, shrink: number, signal?: AbortSignal): Promise<Float32Array> {
    const st = this.state;
    if (st.knn?.k !== k || st.knn.shrink !== shrink) {
      st.knn = null; // free the old S before building the new one
      await yieldToEventLoop();
      st.knn = { k, shrink, weights: fitKnnWeights(st.split.train.clicks, k, shrink, st.progress, signal) };
    }
    if (!st.baselines.some((b) => b.model === 'item-knn' && b.k === k && b.shrink === shrink)) {
      st.progress(`Ranking the held-out users with item-kNN (k = ${k}, h = ${shrink})…`, null);
      st.baselines.push(await knnBaseline(k, shrink, st.knn.weights, this.heldOut));
    }
    st.progress('', 1);
    return st.knn.weights;
  }

  /** EASE's B for λ: refitted when λ changed; its metrics join the baselines (once per λ). */
  private async easeFor(lambda: number, signal?: AbortSignal): Promise<{ lambda: number; weights: Float32Array }> {
    const st = this.state;
    if (st.ease?.lambda !== lambda) {
      st.ease = null; // free the old B before building the new one
      await yieldToEventLoop();
      // The inverse is about items³ multiply–adds: every thread, before the run's net is sized.
      await st.suitThreadsTo?.(st.split.train.clicks.cols ** 3);
      st.ease = { lambda, weights: await fitEaseWeights(st.split.train.clicks, lambda, st.progress, signal) };
    }
    if (!st.baselines.some((b) => b.model === 'ease' && b.lambda === lambda)) {
      st.progress(`Ranking the held-out users with EASE (λ = ${lambda})…`, null);
      st.baselines.push(await easeBaseline(lambda, st.ease.weights, this.heldOut));
    }
    st.progress('', 1);
    return st.ease;
  }

  async reference(s: Settings): Promise<Reference> {
    const { split, data, items, baselines } = this.state;
    const c = split.counts;
    const part = (p: typeof split.test) => ({ users: p.userIds.length, skipped: p.skippedUserIds.length, targets: csrNnz(p.targets) });
    return {
      kind: 'clicks',
      datasetDescription:
        `MovieLens ${data.id}: ${c.clicks.toLocaleString('en')} clicks (ratings > 3.5) of ${c.users.toLocaleString('en')} users with ≥ 5; ` +
        `${c.trainUsers} training / ${split.validation.userIds.length} validation / ${split.test.userIds.length} test users × ${c.items.toLocaleString('en')} movies (seed ${s.seed})`,
      nTrain: c.trainUsers,
      nTest: split.test.userIds.length,
      latent: s.latent,
      recsys: {
        release: data.id,
        counts: { ...c },
        validation: part(split.validation),
        test: part(split.test),
        items,
        baselines: [...baselines],
        autoAnnealSteps: autoAnnealSteps(c.trainUsers, s.batchSize),
        updatesPerEpoch: updatesPerEpoch(c.trainUsers, s.batchSize),
      },
    };
  }

  /** The run of this model object (a new model means a new run: the old checkpoint goes). */
  private runOf({ model, family }: ModelRun): RecsysRun {
    if (this.run?.model !== model) {
      this.run?.dispose();
      this.run = new RecsysRun(model, family.name, family.trains, family.label);
    }
    return this.run;
  }

  /** Test metrics of a model, with NDCG@100 by activity quintile. */
  private testMetrics(model: Autoencoder): Promise<RankingMetrics> {
    const { foldIn, targets, foldInClicks } = this.heldOut.test;
    return evaluatePart(model, foldIn, targets, foldInClicks);
  }

  /** Validation metrics now; a new best also gets its test metrics and a weight copy. */
  private async validate(run: RecsysRun, step: number): Promise<RankingMetrics> {
    const validation = await evaluatePart(run.model, this.heldOut.validation.foldIn, this.heldOut.validation.targets);
    run.validation = validation;
    run.lastValAt = performance.now();
    if (!run.best || validation.ndcg100 > run.best.validation.ndcg100) {
      const test = await this.testMetrics(run.model);
      run.saveBest({ step, validation, test });
      if (run.trainable) {
        const model = run.family;
        this.state.results.set(model, { model, label: run.label, step, validation, test });
      }
    }
    return validation;
  }

  async snapshot(current: ModelRun, add: AddPoint, step: number): Promise<TaskSnapshot> {
    this.lastStep = step;
    const run = this.runOf(current);
    const model = current.model;
    const due = run.trainable ? performance.now() - run.lastValAt >= VALIDATION_EVERY_MS : run.validation === null;
    if (due) {
      metricPoints('val', await this.validate(run, step), add);
      if (run.trainable) run.units = await unitMovies(model);
    }
    const extras: RecsysExtras = {
      validation: run.validation,
      best: run.best,
      results: this.resultRows(),
      baselines: [...this.state.baselines],
      units: run.units,
    };
    return { kind: 'clicks', recsys: extras };
  }

  /** Baselines first, then each trained model's latest best checkpoint. */
  private resultRows(): ResultRow[] {
    const rows: ResultRow[] = this.state.baselines.map((b) => ({ model: b.model, label: b.label, step: 0, validation: b.validation, test: b.test }));
    return [...rows, ...this.state.results.values()];
  }

  /** Test metrics now and at the best validation checkpoint (validating the current weights first). */
  async evaluate(current: ModelRun): Promise<Record<string, number>> {
    const run = this.runOf(current);
    const model = current.model;
    const validation = await this.validate(run, this.lastStep);
    const test = await this.testMetrics(model);
    const out: Record<string, number> = { trainUsers: this.state.split.counts.trainUsers, items: this.inputDim, validationUsers: validation.users, testUsers: test.users };
    const set = (k: string, v: number) => (out[k] = v);
    const put = (prefix: string, m: RankingMetrics) => metricPoints(prefix, m, set, set);
    put('val', validation);
    put('test', test);
    if (run.best) {
      out['best/step'] = run.best.step;
      put('best/val', run.best.validation);
      put('best/test', run.best.test);
    }
    for (const b of this.state.baselines) put(`${b.model}/test`, b.test);
    return out;
  }

  async query(current: ModelRun, name: QueryName, args: unknown, ctx?: QueryContext): Promise<QueryResult<QueryName>> {
    if (name === 'restoreBest') return { step: this.runOf(current).restoreBest() };
    if (name === 'sweep') {
      if (!ctx) throw new Error('sweep needs the session’s settings and cancel signal.');
      const { device, heldOut, fits, inputDim } = this;
      return runSweep({ ...ctx, device, heldOut, fits, inputDim, progress: this.state.progress }, args);
    }
    return answerRecsysQuery(name, args, current.model, this.state.split, this.heldOut);
  }

  dispose(): void {
    this.run?.dispose();
    this.run = null;
    tf.dispose([this.device.train, this.device.test, this.heldOut.test.foldIn, this.probe]);
  }
}

/** Refuses a split whose dense matrices would not fit, or that leaves nobody to evaluate. */
function checkSize(split: MovieLensSplit): void {
  const { trainUsers, items } = split.counts;
  const floats = trainUsers * items;
  if (floats > MAX_DENSE_FLOATS) {
    throw new Error(
      `${trainUsers.toLocaleString('en')} training users × ${items.toLocaleString('en')} movies = ${(floats / 1e6).toFixed(0)}M floats is too large for the lab's dense click matrix ` +
        `(limit ${MAX_DENSE_FLOATS / 1e6}M). Use ml-1m or a smaller release.`,
    );
  }
  if (!split.validation.userIds.length || !split.test.userIds.length) {
    throw new Error('This split leaves no validation or test user with ≥ 5 clicks on training movies: the dataset is too small.');
  }
}
