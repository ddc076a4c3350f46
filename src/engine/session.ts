import * as tf from '@tensorflow/tfjs';
import type { FetchBytes } from '../data/mnist-source';
import { createModel } from '../models/registry';
import { SETTINGS, TRAIN_KEYS, type Settings } from '../settings/schema';
import type { BackendChoice } from './backend';
import { divergence, divergenceNotice } from './divergence';
import { isRecsysDataset, loadTask } from './load-task';
import { DroppedFiles } from './dropped-files';
import { appendAll, type History, type Point } from './history';
import type { BackendInfo, EvalMetrics, ExportedVariable, FromWorker, ToWorker } from './protocol';
import { readScalars } from './read-scalars';
import { SerialQueue } from './serial-queue';
import type { Task } from './task';
import { Trainer } from './trainer';
import { assignWeights, exportWeights } from './weights-io';

export interface SessionDeps {
  post: (msg: FromWorker, transfer?: Transferable[]) => void;
  fetchBytes: FetchBytes;
  chooseBackend: (b: BackendChoice) => Promise<BackendInfo>;
}

/** At most this many snapshots a second reach the main thread. */
const SNAPSHOT_MS = 250;
/**
 * Live snapshots spend at most this share of the time on the test-set loss: for a big model
 * on a CPU backend it is the costly part (2,000 digits forward), and panels would starve.
 * Forced snapshots (end of step(n), a new run, evaluate) always include it.
 */
const TEST_LOSS_SHARE = 0.2;
/** A training chunk (between readbacks) aims at this many milliseconds. */
const CHUNK_TARGET_MS = 60;

type AddPoint = (name: string, value: number) => void;

/** `<prefix>/loss`, and each term (`<prefix>/kl`, …) when the loss has more than one, divided by `n`. */
function addLosses(add: AddPoint, prefix: string, sums: Record<string, number>, n: number): void {
  add(`${prefix}/loss`, sums.total / n);
  const terms = Object.keys(sums).filter((k) => k !== 'total');
  if (terms.length > 1) for (const k of terms) add(`${prefix}/${k}`, sums[k] / n);
}

const changed = (a: Settings, b: Settings, keys: (keyof Settings)[]) => keys.some((k) => a[k] !== b[k]);
const taskKind = (s: Settings) => (isRecsysDataset(s.dataset) ? 'recsys' : 'images');

/**
 * The worker's state: backend, dataset, PCA, the trainer and its metric history.
 * Messages and training chunks run through one serial queue.
 */
export class Session {
  private settings: Settings | null = null;
  private datasetsUrl = '';
  private task: Task | null = null;
  private readonly dropped = new DroppedFiles();
  private trainer: Trainer | null = null;
  private running = false;
  private looping = false;
  private history: History = {};
  private pending: Record<string, Point[]> = {};
  private chunkSteps = 4;
  private lastSnapshotAt = 0;
  private testLossMs = 0;
  private lastTestLossAt = Number.NEGATIVE_INFINITY;
  private samplesPerSecond = 0;
  /** Mean training loss of the last chunk that came back finite (divergence check). */
  private lastGoodLoss: number | null = null;
  private readonly queue = new SerialQueue();
  /** The long job that 'cancel' stops (loading data, fitting EASE). */
  private job: AbortController | null = null;

  constructor(private readonly deps: SessionDeps) {}

  /** Entry point for every message from the main thread. */
  handle(msg: ToWorker): Promise<void> {
    const withReply = async (id: number, work: () => Promise<unknown>) => {
      try {
        this.deps.post({ type: 'reply', id, ok: true, result: await work() });
      } catch (e) {
        this.deps.post({ type: 'reply', id, ok: false, error: (e as Error).message });
      }
    };
    switch (msg.type) {
      case 'init':
        return this.queue.run(() => this.init(msg.settings, msg.datasetsUrl)).catch((e) => this.fail(e));
      case 'settings':
        return withReply(msg.id, () => this.queue.run(() => this.applySettingsOrKeep(msg.settings)));
      case 'play':
        this.setRunning(true);
        void this.loop();
        return Promise.resolve();
      case 'pause':
        this.setRunning(false);
        return Promise.resolve();
      case 'cancel':
        this.job?.abort();
        return Promise.resolve();
      case 'reset':
        return withReply(msg.id, () => this.queue.run(() => this.newRun()));
      case 'step':
        this.setRunning(false);
        return withReply(msg.id, () => this.queue.run(() => this.stepExactly(msg.n)));
      case 'evaluate':
        return withReply(msg.id, () => this.queue.run(() => this.evaluate()));
      case 'export':
        return withReply(msg.id, () => this.queue.run(() => (this.trainer ? exportWeights(this.trainer.model) : Promise.reject(new Error('The model is not ready yet.')))));
      case 'memory':
        return withReply(msg.id, () => this.queue.run(() => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes })));
      case 'import-weights':
        return withReply(msg.id, () => this.queue.run(() => this.importWeights(msg.weights, msg.step)));
      case 'reconstruct':
        return withReply(msg.id, () => this.queue.run(() => this.query('reconstruct', { images: msg.images, n: msg.n })));
      case 'query':
        return withReply(msg.id, () => this.queue.run(() => this.query(msg.name, msg.args)));
      case 'drop':
        return withReply(msg.id, () => this.queue.run(() => this.dropped.accept(msg.files, this.settings)));
    }
  }

  /** The full bounded metric history, by series name. */
  metrics(): History {
    return this.history;
  }

  private fail(e: unknown): void {
    this.setRunning(false);
    this.deps.post({ type: 'notice', level: 'error', message: (e as Error).message ?? String(e) });
  }

  private setRunning(running: boolean): void {
    if (this.running === running) return;
    this.running = running;
    this.deps.post({ type: 'running', running });
  }

  private progress(label: string, fraction: number | null): void {
    this.deps.post({ type: 'progress', label, fraction });
  }

  private async init(settings: Settings, datasetsUrl: string): Promise<void> {
    this.settings = settings;
    this.datasetsUrl = datasetsUrl;
    this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend(settings.backend) });
    await this.loadData();
    await this.newRun();
  }

  /** Loads the data the settings name; on failure or cancel the current task stays. */
  private async loadData(): Promise<void> {
    const task = await this.cancellable(
      (signal) =>
        loadTask({
          settings: this.settings!,
          datasetsUrl: this.datasetsUrl,
          fetchBytes: this.deps.fetchBytes,
          signal,
          progress: (label, fraction, cancellable) => this.deps.post({ type: 'progress', label, fraction, cancellable }),
          dropped: this.dropped.of(taskKind(this.settings!)),
        }),
      'Loading was cancelled',
    );
    this.disposeRun();
    this.task?.dispose();
    this.task = task;
  }

  /** Long work (loading data, EASE's fit) that 'cancel' can stop; on cancel or failure the current run stays. */
  private async cancellable<T>(work: (signal: AbortSignal) => Promise<T>, cancelled = 'Cancelled'): Promise<T> {
    const job = (this.job = new AbortController());
    try {
      return await work(job.signal);
    } catch (e) {
      if (job.signal.aborted) throw new Error(`${cancelled}; the current run continues unchanged.`);
      throw e;
    } finally {
      this.job = null;
      this.progress('', 1);
    }
  }

  private disposeRun(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** Builds a fresh model from the settings: a new run with an empty history. */
  private async newRun(): Promise<void> {
    const s = this.settings!;
    const task = this.task!;
    // Throws on a bad combination: the old run stays. Recommenders are built (EASE fitted) by their task.
    const model = task.createModel ? await this.cancellable((signal) => task.createModel!(s, signal)) : createModel(s, task.inputDim);
    model.initFromData?.(task.device.train);
    this.disposeRun();
    this.trainer = new Trainer(model, task.device, s, s.seed);
    this.trainer.saveCheckpoint();
    this.history = {};
    this.pending = {};
    this.samplesPerSecond = 0;
    this.lastGoodLoss = null;
    this.deps.post({ type: 'run-reset' });
    const reference = await task.reference(s);
    this.deps.post({ type: 'reference', reference });
    await this.snapshot();
  }

  /** Applies new settings; if that fails the previous settings (and run) stay. */
  private async applySettingsOrKeep(next: Settings): Promise<void> {
    const prev = this.settings!;
    try {
      await this.applySettings(next);
    } catch (e) {
      this.settings = prev;
      const error = (e as Error).message;
      // A failure after the old run was let go (a backend switch): rebuild one from the previous settings.
      if (!this.trainer) await this.recoverRun(prev);
      this.deps.post({ type: 'settings-rejected', settings: prev, error });
      throw e;
    }
  }

  private async recoverRun(prev: Settings): Promise<void> {
    try {
      this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend(prev.backend) });
      if (this.task && this.task.kind === taskKind(prev)) this.task = await this.task.reupload();
      else await this.loadData();
      await this.newRun();
    } catch (e) {
      this.deps.post({ type: 'notice', level: 'error', message: `The lab could not rebuild the previous run (${(e as Error).message}); reload the page.` });
    }
  }

  private async applySettings(next: Settings): Promise<void> {
    const prev = this.settings!;
    this.settings = next;
    if (prev.backend !== next.backend) {
      // The run's tensors live on the old backend: it ends here (backend starts a new run).
      this.disposeRun();
      const reload = changed(prev, next, [...this.task!.loadKeys]) || this.task!.kind !== taskKind(next);
      this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend(next.backend) });
      if (reload) {
        await this.loadData(); // the same link may change backend and dataset at once
      } else {
        this.task!.dispose();
        this.task = await this.task!.reupload();
      }
      return this.newRun();
    }
    if (changed(prev, next, [...this.task!.loadKeys]) || this.task!.kind !== taskKind(next)) {
      await this.loadData();
      return this.newRun();
    }
    const resetKeys = TRAIN_KEYS.filter((k) => SETTINGS[k].resets);
    if (changed(prev, next, resetKeys)) return this.newRun();
    this.trainer?.setLive(next);
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.running) {
        await this.queue.run(() => (this.running ? this.chunk(this.chunkSteps) : undefined));
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.looping = false;
    }
  }

  /** n optimizer steps, one readback, a NaN check, and a snapshot when one is due. */
  private async chunk(n: number): Promise<boolean> {
    const trainer = this.trainer;
    if (!trainer) throw new Error('The model is not ready yet.');
    if (!Object.keys(trainer.model.variables()).length) {
      this.setRunning(false);
      this.deps.post({ type: 'notice', level: 'info', message: `${trainer.model.family} is fitted in closed form: there is nothing to train. Compare it in the results table.` });
      return false;
    }
    const t0 = performance.now();
    trainer.beginChunk();
    const sums = await readScalars(trainer.trainSteps(n));
    const ms = performance.now() - t0;
    const mean = sums.total / n;
    const what = divergence(mean, this.lastGoodLoss);
    if (what) {
      this.stopOnDivergence(what, trainer, n);
      return false;
    }
    this.lastGoodLoss = mean;
    trainer.commitChunk();
    const add = this.adder(trainer.step);
    addLosses(add, 'train', sums, n);
    this.samplesPerSecond = (n * trainer.batchSize) / (ms / 1000);
    add('speed/samplesPerSecond', this.samplesPerSecond);
    // Keep chunks near the target length so pause and settings answer quickly.
    if (ms < CHUNK_TARGET_MS / 2) this.chunkSteps = Math.min(this.chunkSteps * 2, 512);
    else if (ms > CHUNK_TARGET_MS * 2) this.chunkSteps = Math.max(1, Math.floor(this.chunkSteps / 2));
    if (performance.now() - this.lastSnapshotAt >= SNAPSHOT_MS) await this.snapshot(true);
    return true;
  }

  private stopOnDivergence(what: string, trainer: Trainer, n: number): void {
    const to = trainer.step;
    const restored = trainer.restoreCheckpoint();
    this.setRunning(false);
    this.deps.post({ type: 'notice', level: 'error', message: divergenceNotice(what, to - n + 1, to, restored, this.settings!.learningRate) });
  }

  /** Queues metric points at `step` for the next snapshot. */
  private adder(step: number): AddPoint {
    return (name, value) => (this.pending[name] ??= []).push({ step, value });
  }

  private async stepExactly(n: number): Promise<{ step: number }> {
    if (!Number.isInteger(n) || n < 1 || n > 1e6) throw new Error('step(n) needs a whole number of steps between 1 and 1,000,000.');
    let left = n;
    while (left > 0) {
      const k = Math.min(left, this.chunkSteps);
      if (!(await this.chunk(k))) break;
      left -= k;
    }
    await this.snapshot();
    return { step: this.trainer!.step };
  }

  /** Test losses now (and how long they took, which paces live snapshots). */
  private async testLosses(trainer: Trainer): Promise<Record<string, number>> {
    const t0 = performance.now();
    const test = await readScalars(trainer.evaluate());
    this.lastTestLossAt = performance.now();
    this.testLossMs = this.lastTestLossAt - t0;
    return test;
  }

  /** Sends metrics, panels' data and diagnostics; `test` passes losses just computed (by evaluate) instead of recomputing them. */
  private async snapshot(live = false, test?: Record<string, number>): Promise<void> {
    const trainer = this.trainer;
    const task = this.task;
    if (!trainer || !task) return;
    const step = trainer.step;
    const add = this.adder(step);
    if (test) addLosses(add, 'test', test, 1);
    else if (!live || performance.now() - this.lastTestLossAt >= this.testLossMs / TEST_LOSS_SHARE) addLosses(add, 'test', await this.testLosses(trainer), 1);
    const model = trainer.model;
    const { weightRows, latent, reconstructions, extras } = await task.snapshot(model, add, step);
    const diagnostics = (await model.diagnostics?.(task.probe)) ?? {};
    for (const [name, value] of Object.entries(diagnostics)) if (typeof value === 'number') add(`diag/${name}`, value);
    const increments = this.pending;
    this.pending = {};
    appendAll(this.history, increments);
    this.lastSnapshotAt = performance.now();
    this.deps.post(
      {
        type: 'snapshot',
        snapshot: { step, epoch: trainer.epoch, samplesPerSecond: this.samplesPerSecond, increments, weightRows, latent, reconstructions, diagnostics, extras },
      },
      [weightRows.buffer, reconstructions.buffer],
    );
  }

  private async evaluate(): Promise<EvalMetrics> {
    const trainer = this.trainer;
    if (!trainer || !this.task) throw new Error('The model is not ready yet.');
    const test = await this.testLosses(trainer);
    const out: EvalMetrics = { step: trainer.step, loss: test.total };
    for (const [k, v] of Object.entries(test)) if (k !== 'total') out[k] = v;
    Object.assign(out, await this.task.evaluate(trainer.model));
    const similarity = this.history['pca/subspaceSimilarity']?.at(-1);
    if (trainer.model.family === 'linear' && similarity) out.subspaceSimilarity = similarity.value;
    // The task may have kept a new best checkpoint while evaluating: let the panels see it.
    await this.snapshot(false, test);
    return out;
  }

  private async importWeights(weights: ExportedVariable[], step: number): Promise<{ step: number }> {
    const trainer = this.trainer;
    if (!trainer) throw new Error('The model is not ready yet.');
    assignWeights(trainer.model, weights);
    trainer.restartAt(step);
    trainer.saveCheckpoint();
    await this.snapshot();
    return { step: trainer.step };
  }

  private async query(name: string, args: unknown): Promise<unknown> {
    const model = this.trainer?.model;
    if (!model || !this.task) throw new Error('The model is not ready yet.');
    if (this.task.query) return this.task.query(name, args, model);
    if (!model.query) throw new Error(`The ${model.family} model answers no queries.`);
    return model.query(name, args, this.task.probe);
  }
}
