import * as tf from '@tensorflow/tfjs';
import { datasetFromDroppedFiles, type DroppedFile } from '../data/dropped-idx';
import type { ImageDataset } from '../data/image-dataset';
import { loadMnist, type FetchBytes } from '../data/mnist-source';
import { topComponents } from '../math/pca';
import { subspaceSimilarity } from '../math/subspace';
import { createModel } from '../models/registry';
import { SETTINGS, TRAIN_KEYS, type Settings } from '../settings/schema';
import type { BackendChoice } from './backend';
import { DataContext } from './data-context';
import { appendAll, type History, type Point } from './history';
import type { BackendInfo, EvalMetrics, ExportedVariable, FromWorker, ToWorker } from './protocol';
import { readFloats, readScalars } from './read-scalars';
import { SerialQueue } from './serial-queue';
import { Trainer } from './trainer';

export interface SessionDeps {
  post: (msg: FromWorker, transfer?: Transferable[]) => void;
  fetchBytes: FetchBytes;
  chooseBackend: (b: BackendChoice) => Promise<BackendInfo>;
}

/** At most this many snapshots a second reach the main thread. */
const SNAPSHOT_MS = 250;
/** A training chunk (between readbacks) aims at this many milliseconds. */
const CHUNK_TARGET_MS = 60;
/** Above this K the subspace metric (a QR of 784×K per snapshot) is skipped. */
const MAX_SIMILARITY_K = 128;

const changed = (a: Settings, b: Settings, keys: (keyof Settings)[]) => keys.some((k) => a[k] !== b[k]);

/**
 * The worker's state: backend, dataset, PCA, the trainer and its metric history.
 * Messages and training chunks run through one serial queue.
 */
export class Session {
  private settings: Settings | null = null;
  private datasetsUrl = '';
  private data: DataContext | null = null;
  private dropped: ImageDataset | null = null;
  private trainer: Trainer | null = null;
  private running = false;
  private looping = false;
  private history: History = {};
  private pending: Record<string, Point[]> = {};
  private chunkSteps = 4;
  private lastSnapshotAt = 0;
  private samplesPerSecond = 0;
  private readonly queue = new SerialQueue();
  /** The long job that 'cancel' stops (loading a dataset). */
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
        return withReply(msg.id, () => this.queue.run(() => this.exportWeights()));
      case 'memory':
        return withReply(msg.id, () => this.queue.run(() => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes })));
      case 'import-weights':
        return withReply(msg.id, () => this.queue.run(() => this.importWeights(msg.weights, msg.step)));
      case 'reconstruct':
        return withReply(msg.id, () => this.queue.run(() => this.reconstruct(msg.images, msg.n)));
      case 'query':
        return withReply(msg.id, () => this.queue.run(() => this.query(msg.name, msg.args)));
      case 'drop':
        return withReply(msg.id, () => this.queue.run(() => this.acceptDrop(msg.files)));
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

  private async loadDataset(s: Settings): Promise<ImageDataset> {
    if (s.dataset === 'dropped') {
      if (!this.dropped) throw new Error('No dropped dataset yet: drop MNIST-format files on the page first.');
      return this.dropped;
    }
    const label = s.dataSize === 'full' ? 'Loading MNIST (60,000 + 10,000 digits)…' : 'Loading MNIST (10,000 digits)…';
    const job = (this.job = new AbortController());
    const report = (f: number) => this.deps.post({ type: 'progress', label, fraction: f, cancellable: true });
    report(0);
    try {
      return await loadMnist(this.datasetsUrl, s.dataSize, s.seed, report, (url, onProgress) => this.deps.fetchBytes(url, onProgress, job.signal));
    } catch (e) {
      if (job.signal.aborted) throw new Error('Loading was cancelled; the current run continues unchanged.');
      throw e;
    } finally {
      this.job = null;
    }
  }

  /** Loads (or reuses) the dataset and its PCA, on the current backend. */
  private async loadData(keepPca = false): Promise<void> {
    const s = this.settings!;
    const dataset = keepPca && this.data ? this.data.dataset : await this.loadDataset(s);
    const pca = keepPca ? this.data?.pca : undefined;
    this.disposeRun();
    this.data?.dispose();
    this.data = null;
    this.data = await DataContext.create(dataset, () => this.progress('Computing PCA (784×784 eigendecomposition)…', null), pca);
    this.progress('', 1);
  }

  private disposeRun(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** Builds a fresh model from the settings: a new run with an empty history. */
  private async newRun(): Promise<void> {
    const s = this.settings!;
    const data = this.data!;
    this.disposeRun();
    this.trainer = new Trainer(createModel(s, data.dataset.dim), data.device, s, s.seed);
    this.trainer.saveCheckpoint();
    this.history = {};
    this.pending = {};
    this.samplesPerSecond = 0;
    this.deps.post({ type: 'run-reset' });
    const reference = await data.reference(s.latent);
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
      this.deps.post({ type: 'settings-rejected', settings: prev, error });
      throw e;
    }
  }

  private async applySettings(next: Settings): Promise<void> {
    const prev = this.settings!;
    this.settings = next;
    if (prev.backend !== next.backend) {
      this.disposeRun();
      this.data?.dispose();
      this.deps.post({ type: 'backend', backend: await this.deps.chooseBackend(next.backend) });
      const dataset = this.data!.dataset;
      this.data = await DataContext.create(dataset, () => undefined, this.data!.pca);
      return this.newRun();
    }
    if (changed(prev, next, ['dataset', 'dataSize', 'seed'])) {
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
    const t0 = performance.now();
    const sums = await readScalars(trainer.trainSteps(n));
    const ms = performance.now() - t0;
    if (!Number.isFinite(sums.total)) {
      this.stopOnNonFinite(sums.total, trainer, n);
      return false;
    }
    trainer.saveCheckpoint();
    const step = trainer.step;
    const add = (name: string, value: number) => (this.pending[name] ??= []).push({ step, value });
    add('train/loss', sums.total / n);
    const terms = Object.keys(sums).filter((k) => k !== 'total');
    if (terms.length > 1) for (const k of terms) add(`train/${k}`, sums[k] / n);
    this.samplesPerSecond = (n * trainer.batchSize) / (ms / 1000);
    add('speed/samplesPerSecond', this.samplesPerSecond);
    // Keep chunks near the target length so pause and settings answer quickly.
    if (ms < CHUNK_TARGET_MS / 2) this.chunkSteps = Math.min(this.chunkSteps * 2, 512);
    else if (ms > CHUNK_TARGET_MS * 2) this.chunkSteps = Math.max(1, Math.floor(this.chunkSteps / 2));
    if (performance.now() - this.lastSnapshotAt >= SNAPSHOT_MS) await this.snapshot();
    return true;
  }

  private stopOnNonFinite(value: number, trainer: Trainer, n: number): void {
    const from = trainer.step - n + 1;
    const to = trainer.step;
    const restored = trainer.restoreCheckpoint();
    this.setRunning(false);
    const lr = this.settings!.learningRate;
    this.deps.post({
      type: 'notice',
      level: 'error',
      message:
        `Training paused: the loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'} during steps ${from}–${to}. ` +
        `The weights were restored to step ${restored}; the run and its history are kept. ` +
        `Try a lower learning rate (it is ${lr}; ${lr / 10} is a safer start).`,
    });
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

  private async snapshot(): Promise<void> {
    const trainer = this.trainer;
    const data = this.data;
    if (!trainer || !data) return;
    const step = trainer.step;
    const test = await readScalars(trainer.evaluate());
    const add = (name: string, value: number) => (this.pending[name] ??= []).push({ step, value });
    add('test/loss', test.total);
    const terms = Object.keys(test).filter((k) => k !== 'total');
    if (terms.length > 1) for (const k of terms) add(`test/${k}`, test[k]);
    const model = trainer.model;
    // clone: weightRows() may be a variable itself, which readFloats must not dispose.
    const weightRows = await readFloats(tf.tidy(() => tf.clone(model.weightRows())));
    const reconstructions = await readFloats(tf.tidy(() => model.reconstruct(data.originals)));
    const k = weightRows.length / data.dataset.dim;
    if (model.family === 'linear' && k <= MAX_SIMILARITY_K && k === model.latent) {
      add('pca/subspaceSimilarity', subspaceSimilarity(topComponents(data.pca, k), weightRows, k, data.dataset.dim));
    }
    const diagnostics = (await model.diagnostics?.(data.probe)) ?? {};
    for (const [name, value] of Object.entries(diagnostics)) if (typeof value === 'number') add(`diag/${name}`, value);
    const increments = this.pending;
    this.pending = {};
    appendAll(this.history, increments);
    this.lastSnapshotAt = performance.now();
    this.deps.post(
      {
        type: 'snapshot',
        snapshot: { step, epoch: trainer.epoch, samplesPerSecond: this.samplesPerSecond, increments, weightRows, latent: k, reconstructions, diagnostics },
      },
      [weightRows.buffer, reconstructions.buffer],
    );
  }

  private async evaluate(): Promise<EvalMetrics> {
    const trainer = this.trainer;
    if (!trainer) throw new Error('The model is not ready yet.');
    const test = await readScalars(trainer.evaluate());
    const out: EvalMetrics = { step: trainer.step, loss: test.total };
    for (const [k, v] of Object.entries(test)) if (k !== 'total') out[k] = v;
    const ref = await this.data!.reference(trainer.model.latent);
    if (trainer.model.family === 'linear' && ref.pcaTest !== null) {
      out.pcaTest = ref.pcaTest;
      const last = this.history['pca/subspaceSimilarity']?.at(-1);
      if (last) out.subspaceSimilarity = last.value;
    }
    return out;
  }

  private async exportWeights(): Promise<ExportedVariable[]> {
    const trainer = this.trainer;
    if (!trainer) throw new Error('The model is not ready yet.');
    const vars = Object.entries(trainer.model.variables());
    return Promise.all(vars.map(async ([name, v]) => ({ name, shape: v.shape.slice(), values: (await v.data()) as Float32Array })));
  }

  /** Loads saved weights into the current model; names and shapes must match exactly. */
  private async importWeights(weights: ExportedVariable[], step: number): Promise<{ step: number }> {
    const trainer = this.trainer;
    if (!trainer) throw new Error('The model is not ready yet.');
    const vars = trainer.model.variables();
    const byName = new Map(weights.map((w) => [w.name, w]));
    const problems: string[] = [];
    for (const [name, v] of Object.entries(vars)) {
      const w = byName.get(name);
      if (!w) problems.push(`${name} is missing`);
      else if (w.shape.join('x') !== v.shape.join('x')) problems.push(`${name} has shape [${w.shape}] but the model needs [${v.shape}]`);
      else if (w.values.length !== v.size) problems.push(`${name} has ${w.values.length} values, not ${v.size}`);
    }
    for (const name of byName.keys()) if (!(name in vars)) problems.push(`${name} is not a variable of this model`);
    if (problems.length) throw new Error(`These weights do not fit the current model: ${problems.join('; ')}.`);
    for (const [name, v] of Object.entries(vars)) {
      const w = byName.get(name)!;
      tf.tidy(() => v.assign(tf.tensor(w.values, v.shape)));
    }
    trainer.restartAt(step);
    trainer.saveCheckpoint();
    await this.snapshot();
    return { step: trainer.step };
  }

  private async reconstruct(images: Float32Array, n: number): Promise<Float32Array> {
    const trainer = this.trainer;
    const dim = this.data?.dataset.dim ?? 784;
    if (!trainer) throw new Error('The model is not ready yet.');
    if (!(n >= 1 && images.length === n * dim)) throw new Error(`reconstruct needs n×${dim} pixel values.`);
    return readFloats(tf.tidy(() => trainer.model.reconstruct(tf.tensor2d(images, [n, dim]))));
  }

  private async query(name: string, args: unknown): Promise<unknown> {
    const model = this.trainer?.model;
    if (!model?.query) throw new Error(`The ${this.settings?.model} model answers no queries.`);
    return model.query(name, args, this.data!.probe);
  }

  /** Parses dropped files; on any error the current run is untouched. */
  private async acceptDrop(files: DroppedFile[]): Promise<{ description: string }> {
    const maxTrain = this.settings?.dataSize === 'full' ? 60000 : 10000;
    const dataset = await datasetFromDroppedFiles(files, this.settings?.seed ?? 1, maxTrain);
    this.dropped = dataset;
    return { description: dataset.description };
  }
}
