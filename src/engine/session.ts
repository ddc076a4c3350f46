import * as tf from '@tensorflow/tfjs-core';
import type { FetchBytes } from '../data/mnist-source';
import { familyFor, type TaskKind } from '../families';
import { SETTINGS, TRAIN_KEYS, type Settings } from '../settings/schema';
import type { BackendChoice } from './backend';
import { DeviceLossGuard, historyUpTo } from './device-loss';
import { divergence, divergenceNotice } from './divergence';
import { loadTask } from './load-task';
import { DroppedFiles } from './dropped-files';
import { appendAll, type History } from './history';
import { Pacing } from './pacing';
import type { BackendInfo, EvalMetrics, ExportedVariable, FromWorker, ToWorker } from './protocol';
import type { QueryName, QueryResult } from './query-map';
import { readScalars } from './read-scalars';
import type { ScalarDiagnostic, SeriesHistory } from './series';
import { SerialQueue } from './serial-queue';
import { markOnce } from './startup-marks';
import type { AddPoint, Task } from './task';
import { addLosses, buildRunParts, largestMatMulWork, runOf, type Run } from './run';
import { pretrainComparison } from './pretrain';
import { trainShape, type Trainer } from './trainer';
import { assignWeights, exportWeights } from './weights-io';

export interface SessionDeps {
  post: (msg: FromWorker, transfer?: Transferable[]) => void;
  fetchBytes: FetchBytes;
  chooseBackend: (b: BackendChoice) => Promise<BackendInfo>;
  /** On WASM, the thread count for a net of this much work a step (backend.ts); the backend when it changed. */
  suitWasmTo?: (work: number) => Promise<BackendInfo | null>;
}

const changed = (a: Settings, b: Settings, keys: (keyof Settings)[]) => keys.some((k) => a[k] !== b[k]);
const taskKind = (s: Settings): TaskKind => familyFor(s).task;

/**
 * The worker's state: backend, dataset, PCA, the trainer and its metric history.
 * Messages and training chunks run through one serial queue.
 */
export class Session {
  private settings: Settings | null = null;
  private datasetsUrl = '';
  private task: Task | null = null;
  private readonly dropped = new DroppedFiles();
  /** Set once a run is built; every command that needs one asks `ready()`. */
  private run: Run | null = null;
  private running = false;
  private looping = false;
  private history: SeriesHistory = {};
  private pending: SeriesHistory = {};
  private readonly pacing = new Pacing();
  private samplesPerSecond = 0;
  /** Mean training loss of the last chunk that came back finite (divergence check). */
  private lastGoodLoss: number | null = null;
  private readonly queue = new SerialQueue();
  /** The long job that 'cancel' stops (loading data, fitting EASE, a query such as a sweep). */
  private job: AbortController | null = null;
  /** A lost WebGPU device moves the run to WASM (queued like any command). */
  private readonly deviceLoss = new DeviceLossGuard((reason) => void this.queue.run(() => this.moveOffLostDevice(reason)).catch((e) => this.fail(e)));

  constructor(private readonly deps: SessionDeps) {
    this.deps = { ...deps, chooseBackend: this.deviceLoss.watching(deps.chooseBackend) };
  }

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
        return this.queue.run(() => this.init(msg.settings, msg.datasetsUrl, msg.play === true)).catch((e) => this.fail(e));
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
        return withReply(msg.id, () => this.queue.run(() => exportWeights(this.ready().model)));
      case 'memory':
        return withReply(msg.id, () => this.queue.run(() => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes })));
      case 'import-weights':
        return withReply(msg.id, () => this.queue.run(() => this.importWeights(msg.weights, msg.step)));
      case 'query':
        return withReply(msg.id, () => this.queue.run(() => this.query(msg.name, msg.args)));
      case 'drop':
        return withReply(msg.id, () => this.queue.run(() => this.dropped.accept(msg.files, this.settings)));
      case 'lose-device':
        this.deviceLoss.destroyForTest(); // at once, not queued: mid-chunk, as a driver reset would
        return Promise.resolve();
      case 'early-bytes':
      case 'adapter-look':
        return Promise.resolve(); // worker.ts hands these to EarlyFiles and the backend, not the session
    }
  }

  /** The full bounded metric history, by series name. */
  metrics(): History {
    return this.history;
  }

  /** The run and its task, or a clear refusal before the first run is built. */
  private ready(): Run {
    if (!this.run || !this.task) throw new Error('The model is not ready yet.');
    return this.run;
  }

  /** The settings in force (set by 'init'; every other command comes after it). */
  private current(): Settings {
    if (!this.settings) throw new Error('The lab has not started yet.');
    return this.settings;
  }

  private readyTask(): Task {
    if (!this.task) throw new Error('The data is not loaded yet.');
    return this.task;
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

  private async init(settings: Settings, datasetsUrl: string, play: boolean): Promise<void> {
    this.settings = settings;
    this.datasetsUrl = datasetsUrl;
    // Autoplay: running from the start, so the run's PCA waits until after the first live loss.
    if (play) this.setRunning(true);
    // The data is fetched and decoded while the backend starts (the first picture waits for both).
    const backendReady = this.deps.chooseBackend(settings.backend).then((backend) => this.deps.post({ type: 'backend', backend }));
    backendReady.catch(() => undefined); // a failure surfaces from the await below
    await Promise.all([this.loadData(backendReady), backendReady]);
    await this.newRun();
    if (play) void this.loop();
  }

  /** Loads the data the settings name; on failure or cancel the current task stays. */
  private async loadData(backendReady?: Promise<unknown>): Promise<void> {
    const task = await this.cancellable(
      (signal) =>
        loadTask({
          settings: this.current(),
          datasetsUrl: this.datasetsUrl,
          fetchBytes: this.deps.fetchBytes,
          signal,
          progress: (label, fraction, cancellable) => this.deps.post({ type: 'progress', label, fraction, cancellable }),
          dropped: this.dropped.of(taskKind(this.current())),
          suitThreadsTo: (work) => this.suitThreadsTo(work),
          backendReady,
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
    this.run?.trainer.dispose();
    this.run = null;
  }

  /** Builds a fresh model from the settings: a new run with an empty history. */
  private async newRun(): Promise<void> {
    const s = this.current();
    const task = this.readyTask();
    // Throws on a bad combination: the old run stays. A long fit (EASE) can be cancelled.
    const parts = await this.cancellable((signal) => buildRunParts(s, task, signal));
    this.disposeRun();
    await this.suitThreadsTo(largestMatMulWork(parts.model, Math.min(s.batchSize, trainShape(parts.device)[0])));
    this.run = runOf(parts, s);
    this.run.trainer.saveCheckpoint();
    this.history = {};
    this.pending = {};
    this.samplesPerSecond = 0;
    this.lastGoodLoss = null;
    this.deviceLoss.clear();
    this.deps.post({ type: 'run-reset' });
    // Running (autoplay): a quick reference, without what would hold up the first live loss (PCA).
    const reference = await task.reference(s, this.running);
    this.deps.post({ type: 'reference', reference });
    // Running: nor the step-0 test loss (a pass over the test set); the test curve starts at the next snapshot.
    await this.snapshot(false, this.running ? 'later' : undefined);
  }

  /** A big net (or fit) runs on every WASM thread, a small one leaves a core to the page; its tensors follow. */
  private async suitThreadsTo(work: number): Promise<void> {
    const moved = await this.deps.suitWasmTo?.(work);
    if (moved) this.deps.post({ type: 'backend', backend: moved });
  }

  /** Sends the whole reference after a quick one left something out (PCA, fitted now). */
  private async completeReference(): Promise<void> {
    const task = this.task;
    if (task?.referenceComplete !== false) return;
    const reference = await task.reference(this.current());
    if (this.task === task) this.deps.post({ type: 'reference', reference });
  }

  /** Applies new settings; if that fails the previous settings (and run) stay. */
  private async applySettingsOrKeep(next: Settings): Promise<void> {
    const prev = this.current();
    try {
      await this.applySettings(next);
    } catch (e) {
      this.settings = prev;
      const error = (e as Error).message;
      // A failure after the old run was let go (a backend switch): rebuild one from the previous settings.
      if (!this.run) await this.recoverRun(prev);
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
    const prev = this.current();
    this.settings = next;
    const task = this.readyTask();
    const reload = changed(prev, next, [...task.loadKeys]) || task.kind !== taskKind(next);
    if (prev.backend !== next.backend) {
      // The run's tensors live on the old backend: it ends here (backend starts a new run).
      this.disposeRun();
      this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend(next.backend) });
      if (reload) {
        await this.loadData(); // the same link may change backend and dataset at once
      } else {
        task.dispose();
        this.task = await task.reupload();
      }
      return this.newRun();
    }
    if (reload) {
      await this.loadData();
      return this.newRun();
    }
    const resetKeys = TRAIN_KEYS.filter((k) => SETTINGS[k].resets);
    if (changed(prev, next, resetKeys)) return this.newRun();
    this.run?.trainer.setLive(next);
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.running) {
        try {
          await this.queue.run(() => (this.running ? this.chunk(this.pacing.chunkSteps) : undefined));
        } catch (e) {
          // The WebGPU device went away mid-chunk: the run moves to WASM (queued next) and training goes on there.
          if (!(await this.deviceLoss.explains())) throw e;
        }
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
    const { trainer, family } = this.ready();
    if (!family.trains) {
      this.setRunning(false);
      this.deps.post({ type: 'notice', level: 'info', message: `${family.name} is fitted in closed form: there is nothing to train. Compare it in the results table.` });
      return false;
    }
    const t0 = performance.now();
    trainer.beginChunk();
    const sums = await readScalars(trainer.trainSteps(n));
    markOnce('first-chunk');
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
    this.pacing.chunkTook(ms);
    // The run's first loss goes out at once (the first picture), then at the snapshot pace.
    const first = !this.history['train/loss'];
    if (first || this.pacing.snapshotDue()) await this.snapshot(true, first ? 'later' : undefined);
    // Then the reference's PCA, queued before the next chunk.
    if (first && this.task?.referenceComplete === false) void this.queue.run(() => this.completeReference()).catch((e) => this.fail(e));
    return true;
  }

  private stopOnDivergence(what: string, trainer: Trainer, n: number): void {
    const to = trainer.step;
    const restored = trainer.restoreCheckpoint();
    this.setRunning(false);
    this.deps.post({ type: 'notice', level: 'error', message: divergenceNotice(what, to - n + 1, to, restored, this.current().learningRate) });
  }

  /** Queues metric points at `step` for the next snapshot. */
  private adder(step: number): AddPoint {
    return (name, value) => {
      (this.pending[name] ??= []).push({ step, value });
    };
  }

  private async stepExactly(n: number): Promise<{ step: number }> {
    if (!Number.isInteger(n) || n < 1 || n > 1e6) throw new Error('step(n) needs a whole number of steps between 1 and 1,000,000.');
    let left = n;
    while (left > 0) {
      const k = Math.min(left, this.pacing.chunkSteps);
      const ok = await this.chunk(k).catch(async (e: unknown) => {
        if (await this.deviceLoss.explains()) throw new Error(`The WebGPU device was lost during step(${n}): the run goes on on WASM from its last copied weights; step again.`);
        throw e;
      });
      if (!ok) break;
      left -= k;
    }
    await this.snapshot();
    return { step: this.ready().trainer.step };
  }

  /** Test losses now (and how long they took, which paces live snapshots). */
  private testLosses(trainer: Trainer): Promise<Record<string, number>> {
    return this.pacing.timeTestLoss(() => readScalars(trainer.evaluate(undefined, true)));
  }

  /**
   * Sends metrics, panels' data and diagnostics. `test`: losses just computed (by evaluate) instead
   * of recomputing them, or 'later' to leave them to the next snapshot (the run's first picture).
   */
  private async snapshot(live = false, test?: Record<string, number> | 'later'): Promise<void> {
    const run = this.run;
    const task = this.task;
    if (!run || !task) return;
    const { trainer, model } = run;
    const step = trainer.step;
    const add = this.adder(step);
    const testLosses = test === 'later' ? null : (test ?? (!live || this.pacing.testLossDue() ? await this.testLosses(trainer) : null));
    if (testLosses) addLosses(add, 'test', testLosses, 1);
    const readoutsFrom = performance.now();
    const part = await task.snapshot(run, add, step);
    const diagnostics = (await model.diagnostics?.(task.probe)) ?? {};
    for (const [name, value] of Object.entries(diagnostics)) if (typeof value === 'number') add(`diag/${name as ScalarDiagnostic}`, value);
    const increments = this.pending;
    this.pending = {};
    appendAll(this.history, increments);
    // On WebGPU, a copy of the weights on the CPU now and then: what a lost device resumes from.
    await this.deviceLoss.keep(model, step, trainer.epoch, !live);
    this.pacing.snapshotSent(performance.now() - readoutsFrom);
    const transfer = part.kind === 'images' ? [part.weightRows.buffer, part.reconstructions.buffer] : [];
    this.deps.post({ type: 'snapshot', snapshot: { step, epoch: trainer.epoch, samplesPerSecond: this.samplesPerSecond, increments, diagnostics, ...part } }, transfer);
  }

  /**
   * The WebGPU device was lost, and every tensor with it: rebuilds the run on WASM from the
   * last host copy of its weights (a fresh optimizer state and batch order), keeps the history
   * up to that step, and says so. Without a copy (lost before the first snapshot) a new run starts.
   */
  private async moveOffLostDevice(reason: string): Promise<void> {
    const copy = this.deviceLoss.takeCopy();
    const s = this.current();
    this.disposeRun();
    this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend('wasm') });
    this.deviceLoss.release();
    const task = (this.task = await this.readyTask().reupload());
    const lost = `The WebGPU device was lost (${reason}).`;
    if (!copy) {
      await this.newRun();
      this.deps.post({ type: 'notice', level: 'error', message: `${lost} Training continues on WASM with a new run: no weights had been copied off the GPU yet.` });
      return;
    }
    const parts = await buildRunParts(s, task);
    assignWeights(parts.model, copy.weights);
    this.run = runOf(parts, s);
    const { trainer } = this.run;
    trainer.restartAt(copy.step);
    trainer.epoch = copy.epoch;
    trainer.saveCheckpoint();
    this.history = historyUpTo(this.history, copy.step);
    this.pending = {};
    this.deps.post({ type: 'history', history: this.history });
    this.deps.post({
      type: 'notice',
      level: 'error',
      message: `${lost} Training continues on WASM from step ${copy.step}, the weights last copied off the GPU; the history up to that step is kept.`,
    });
    await this.snapshot(true);
  }

  private async evaluate(): Promise<EvalMetrics> {
    const run = this.ready();
    const test = await this.testLosses(run.trainer);
    const out: EvalMetrics = { step: run.trainer.step, loss: test.total };
    for (const [k, v] of Object.entries(test)) if (k !== 'total') out[k] = v;
    Object.assign(out, await this.readyTask().evaluate(run));
    const similarity = this.history['pca/subspaceSimilarity']?.at(-1);
    if (similarity) out.subspaceSimilarity = similarity.value;
    // The task may have kept a new best checkpoint while evaluating: let the panels see it.
    await this.snapshot(false, test);
    return out;
  }

  private async importWeights(weights: ExportedVariable[], step: number): Promise<{ step: number }> {
    const { trainer } = this.ready();
    assignWeights(trainer.model, weights);
    trainer.restartAt(step);
    trainer.saveCheckpoint();
    await this.snapshot();
    return { step: trainer.step };
  }

  private pretrain(args: unknown, signal: AbortSignal): ReturnType<typeof pretrainComparison> {
    const task = this.readyTask();
    if (task.kind !== 'images') throw new Error('Pre-training compares autoencoders on images: choose MNIST or your own images.');
    const progress = (label: string, fraction: number) => this.deps.post({ type: 'progress', label, fraction, cancellable: true });
    return pretrainComparison(args, { data: task.deviceFor(this.ready().family), live: this.current(), signal, progress });
  }

  /** A query its family declares, answered by the task (which hands the model's own to the model). */
  private async query(name: QueryName, args: unknown): Promise<QueryResult<QueryName>> {
    const run = this.ready();
    // The export for other tools: every dense family answers it, so no family lists it.
    // tfjs-layers loads only when a model is exported (about 0.5 MB the first picture does without).
    if (name === 'layersModel') return (await import('./layers-export')).layersExport(run.model, this.current());
    // Trains its own networks on the images task's data; the run stays as it was.
    if (name === 'pretrainComparison') return this.cancellable((signal) => this.pretrain(args, signal));
    if (!run.family.queries.includes(name)) {
      throw new Error(`The ${run.family.label} model answers ${run.family.queries.join(', ') || 'no queries'}, not "${name}".`);
    }
    // Cancellable: a long query (a sweep) stops at 'cancel' and the run stays as it was.
    const task = this.readyTask();
    try {
      return await this.cancellable((signal) => task.query(run, name, args, { settings: this.current(), signal }));
    } finally {
      // A fit inside the query (EASE in a λ sweep) may have moved to every thread: back to this run's count.
      await this.suitThreadsTo(largestMatMulWork(run.model, run.trainer.batchSize));
    }
  }
}
