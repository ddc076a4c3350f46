import * as tf from '@tensorflow/tfjs-core';
import { datasetFromDroppedFiles } from '../data/dropped-idx';
import { firstImages, splitMean, type ImageDataset } from '../data/image-dataset';
import { loadMnist } from '../data/mnist-source';
import { decodePcaFile, pcaFileName, PCA_FILE_SEEDS, splitFingerprint } from '../data/pca-file';
import { crossEntropyToMean, gaussianNllFromSquaredError, squaredErrorToMean } from '../math/mean-image-baseline';
import { pcaReconstructionError, pcaTrainError, topComponents, totalVariance, type Pca } from '../math/pca';
import { subspaceSimilarity } from '../math/subspace';
import { DEFAULT_OUTPUT_SIGMA } from '../models/vae';
import type { Settings } from '../settings/schema';
import { answerImageQuery, isImageQuery } from './image-queries';
import { loadOwnDataset } from './own-data';
import { fitPcaOfSplit } from './own-images-pca';
import type { ImageReference } from './protocol';
import { readFloats } from './read-scalars';
import type { QueryName, QueryResult } from './query-map';
import type { AddPoint, ModelRun, Task, TaskLoadContext, TaskSnapshot } from './task';
import { TrainImages } from './images-on-device';
import type { DeviceData } from './trainer';

/** How many fixed test digits the reconstruction strip shows. */
export const STRIP_SIZE = 10;
/** How many test inputs the models' diagnostics look at. */
export const PROBE_SIZE = 500;
/** Above this K the subspace metric (a QR of D×K per snapshot, D values per image) is skipped. */
const MAX_SIMILARITY_K = 128;

/** The label names and table columns own data carries (MNIST and IDX files: digits, no names). */
const ownReferenceOf = (d: ImageDataset & { labelNames?: string[]; table?: { columns: string[] } }) => ({
  ...(d.labelNames?.length ? { labelNames: d.labelNames } : {}),
  ...(d.table ? { table: d.table } : {}),
});

type PcaBytes = () => Promise<Uint8Array | null>;

/**
 * The bytes of the subset's PCA file for these settings, or null (none for them, or not there),
 * fetched when PCA is first needed (after the first live loss): not beside the digits, which the
 * first picture waits for.
 */
function shippedPcaBytes({ settings: s, datasetsUrl, fetchBytes }: TaskLoadContext): PcaBytes {
  if (s.dataset !== 'mnist' || s.dataSize !== '10k' || !PCA_FILE_SEEDS.includes(s.seed)) return () => Promise.resolve(null);
  let bytes: Promise<Uint8Array | null> | null = null;
  return () => (bytes ??= fetchBytes(`${datasetsUrl}${pcaFileName(s.seed)}`, () => undefined).catch(() => null));
}

/** The shipped PCA when it was fitted on this training split; null (fit it here) otherwise. */
function shippedPca(bytes: Uint8Array | null, dataset: ImageDataset): Pca | null {
  if (!bytes) return null;
  try {
    return decodePcaFile(bytes, splitFingerprint(dataset.train, dataset.dim), dataset.dim);
  } catch (e) {
    console.warn(`The shipped PCA file is not usable (${(e as Error).message}); fitting PCA here instead.`);
    return null;
  }
}

/** Loads MNIST (or the dropped MNIST-format files) as the settings say. */
export async function loadImageDataset(ctx: TaskLoadContext): Promise<ImageDataset> {
  const s = ctx.settings;
  // Your own images or table (engine/own-data.ts): decoded or parsed from what was dropped.
  if (s.dataset === 'own-images' || s.dataset === 'own-table' || s.dataset === 'mnist-drawings') return loadOwnDataset(ctx);
  if (s.dataset === 'dropped') {
    if (!ctx.dropped) throw new Error('No dropped dataset yet: drop MNIST-format files on the page first.');
    return datasetFromDroppedFiles(ctx.dropped, s.seed, s.dataSize === 'full' ? 60000 : 10000);
  }
  const label = s.dataSize === 'full' ? 'Loading MNIST (60,000 + 10,000 digits)…' : 'Loading MNIST (10,000 digits)…';
  const report = (f: number) => ctx.progress(label, f, true);
  report(0);
  return loadMnist(ctx.datasetsUrl, s.dataSize, s.seed, report, (url, onProgress) => ctx.fetchBytes(url, onProgress, ctx.signal));
}

/**
 * Images on the device once, with their PCA (the linear autoencoder's optimum)
 * and the fixed test digits the panels show.
 */
export class ImageTask implements Task {
  readonly kind = 'images';
  readonly loadKeys = ['dataset', 'dataSize', 'seed'] as const;
  /** Image families build from the settings and the image size alone. */
  readonly fits = {};
  readonly device: TrainImages;
  readonly originals: tf.Tensor2D;
  readonly probe: tf.Tensor2D;
  /** The strip's test digits as floats, for the reference. */
  private readonly stripImages: Float32Array;
  private pcaTestCache = new Map<number, number>();
  /** PCA, once fitted: the first picture does not wait for its D×D eigendecomposition. */
  private pca: Pca | null;
  private pcaFit: Promise<Pca> | null = null;
  /** The last reference went without PCA's figures or the mean-image baselines (a quick one): the session sends the complete one next. */
  private leftOut = true;

  private constructor(
    readonly dataset: ImageDataset,
    pca: Pca | null,
    private readonly shippedBytes: PcaBytes = () => Promise.resolve(null),
  ) {
    this.pca = pca;
    const { train, test, dim } = dataset;
    this.device = new TrainImages(train, test, dim);
    // Only the first test digits as floats: the whole test split's (a pass over 6 MB of fresh
    // memory) waits until PCA or the baselines need it, after the first picture.
    const probe = Math.min(PROBE_SIZE, test.n);
    const probeImages = firstImages(test, probe, dim);
    this.probe = tf.tensor2d(probeImages, [probe, dim]);
    this.stripImages = probeImages.slice(0, Math.min(STRIP_SIZE, test.n) * dim);
    this.originals = tf.tensor2d(this.stripImages, [this.stripImages.length / dim, dim]);
  }

  get inputDim(): number {
    return this.dataset.dim;
  }

  static async load(ctx: TaskLoadContext): Promise<ImageTask> {
    // The bundled subset's PCA comes fitted ahead (npm run data) for the usual seeds, fetched when
    // first needed; otherwise it is fitted then. A quick reference (the first picture) goes without it.
    const shipped = shippedPcaBytes(ctx);
    const dataset = await loadImageDataset(ctx);
    await ctx.backendReady; // decoded while the backend started; the upload needs it
    return new ImageTask(dataset, null, shipped);
  }

  get referenceComplete(): boolean {
    return !this.leftOut;
  }

  /** The dataset's PCA, fitted on first use. */
  private fittedPca(): Promise<Pca> {
    const { train, dim } = this.dataset;
    // Known already (shipped, or carried over by reupload): no second fit.
    // fitPcaOfSplit: by blocks of rows, or the n×n Gram route when there are fewer images than values per image (large own images).
    this.pcaFit ??= this.pca
      ? Promise.resolve(this.pca)
      : this.shippedBytes()
          .then((bytes) => shippedPca(bytes, this.dataset) ?? fitPcaOfSplit(train, dim))
          .then((pca) => (this.pca = pca));
    return this.pcaFit;
  }

  deviceFor(): DeviceData {
    return this.device;
  }

  async reupload(): Promise<Task> {
    this.dispose();
    return new ImageTask(this.dataset, this.pca, this.shippedBytes);
  }

  private async pcaTest(latent: number): Promise<number> {
    let v = this.pcaTestCache.get(latent);
    if (v === undefined) {
      v = await pcaReconstructionError(await this.fittedPca(), latent, this.dataset.test.images, this.dataset.test.n);
      this.pcaTestCache.set(latent, v);
    }
    return v;
  }

  async reference(s: Settings, quick = false): Promise<ImageReference> {
    const { dataset } = this;
    // Quick (autoplay's first picture): PCA's figures and the mean-image baselines only if they cost
    // nothing now. Even a shipped PCA's test error is a pass over the test digits, and the baselines
    // two passes over all the digits (about 40 ms); the complete reference follows the first loss.
    const pca = quick ? (this.pca && this.pcaTestCache.has(s.latent) ? this.pca : null) : await this.fittedPca();
    const baseline = quick ? this.baselineCache : this.baseline();
    this.leftOut = pca === null || baseline === null;
    const strip = this.originals.shape[0];
    const known = <T>(f: (p: Pca) => T): T | null => (pca ? f(pca) : null);
    return {
      kind: 'images',
      datasetDescription: dataset.description,
      nTrain: dataset.train.n,
      nTest: dataset.test.n,
      latent: s.latent,
      image: { width: dataset.width, height: dataset.height, channels: dataset.channels },
      pcaTrain: known((p) => pcaTrainError(p, s.latent)),
      pcaTest: pca ? await this.pcaTest(s.latent) : null,
      totalVariance: known(totalVariance),
      eigenDigits: known((p) => topComponents(p, s.latent)),
      originals: this.stripImages.slice(),
      originalLabels: Array.from(dataset.test.labels?.subarray(0, strip) ?? []),
      probeLabels: Array.from(dataset.test.labels?.subarray(0, this.probe.shape[0]) ?? []),
      meanImageBaseline: baseline,
      // Own data: the sub-folder or label-column names, and a table's columns (no pixel tiles).
      ...ownReferenceOf(dataset),
    };
  }

  private baselineCache: { bernoulli: number; gaussian: number } | null = null;

  /** −log p(x) of the mean-image decoder: the VAE's honest baseline (reference.md). */
  private baseline(): { bernoulli: number; gaussian: number } {
    if (!this.baselineCache) {
      const { train, test, dim } = this.dataset;
      // m from the training split as it is: bytes stay bytes (its floats are 25 MB for 8,000 digits).
      const m = splitMean(train, dim);
      const sse = squaredErrorToMean(m, test.images, test.n, dim);
      this.baselineCache = {
        bernoulli: crossEntropyToMean(m, test.images, test.n, dim),
        gaussian: gaussianNllFromSquaredError(sse, dim, DEFAULT_OUTPUT_SIGMA),
      };
    }
    return this.baselineCache;
  }

  async snapshot({ model, family }: ModelRun, add: AddPoint): Promise<TaskSnapshot> {
    // clone: weightRows() may be a variable itself, which readFloats must not dispose.
    const weightRows = await readFloats(tf.tidy(() => tf.clone(model.weightRows())));
    const reconstructions = await readFloats(tf.tidy(() => model.reconstruct(this.originals)));
    const k = weightRows.length / this.dataset.dim;
    if (this.pca && !this.leftOut && family.name === 'linear' && k <= MAX_SIMILARITY_K && k === model.latent) {
      add('pca/subspaceSimilarity', subspaceSimilarity(topComponents(this.pca, k), weightRows, k, this.dataset.dim));
    }
    return { kind: 'images', weightRows, latent: k, reconstructions };
  }

  /** The linear model's PCA optimum for its K (what its test loss falls to). */
  async evaluate({ model, family }: ModelRun): Promise<Record<string, number>> {
    return family.name === 'linear' ? { pcaTest: await this.pcaTest(model.latent) } : {};
  }

  /** Reconstructs n given images (a digit drawn on the pad, say); other queries are the model's. */
  async query({ model, family }: ModelRun, name: QueryName, args: unknown): Promise<QueryResult<QueryName>> {
    if (isImageQuery(name)) {
      const data = { dataset: this.dataset, pca: await this.fittedPca(), probe: this.probe };
      return answerImageQuery(data, model, name, args) as Promise<QueryResult<QueryName>>;
    }
    if (name !== 'reconstruct') {
      if (!model.query) throw new Error(`The ${family.label} model answers no "${name}" query.`);
      return model.query(name, args, this.probe);
    }
    const { images, n } = args as { images: Float32Array; n: number };
    const dim = this.dataset.dim;
    if (!(n >= 1 && images?.length === n * dim)) throw new Error(`reconstruct needs n×${dim} pixel values.`);
    return readFloats(tf.tidy(() => model.reconstruct(tf.tensor2d(images, [n, dim]))));
  }

  dispose(): void {
    this.device.dispose();
    tf.dispose([this.originals, this.probe]);
  }
}
