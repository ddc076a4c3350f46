import * as tf from '@tensorflow/tfjs-core';
import { createRng, permutation, subSeed } from '../math/rng';
import type { Autoencoder } from '../models/model';
import { createOptimizer, type OptimizerName, type StepOptimizer } from './optimizer';
import { wasmHeap } from './wasm-heap';

/** The dataset uploaded once to the backend; batches are gathered there. */
export interface DeviceData {
  readonly train: tf.Tensor2D;
  readonly test: tf.Tensor2D;
  /**
   * Where the training rows can come without `train` (images-on-device.ts's TrainImages, which
   * makes `train` only when something reads it): its shape, and a batch of its rows as a new
   * tensor, or null where `train` serves.
   */
  readonly trainShape?: readonly [rows: number, columns: number];
  batch?(rows: Int32Array): tf.Tensor2D | null;
  /** The training rows' mean x̄ (a new tensor), where it comes without making `train`. */
  trainMean?(): tf.Tensor1D;
}

/**
 * A model's data-dependent start: from the rows' mean x̄ where that is all it needs (a lazy
 * `train` stays unmade), else from the rows. Every run of a model starts the same way from the same data.
 */
export function initFromData(model: Pick<Autoencoder, 'initFromData' | 'initFromMean'>, data: DeviceData): void {
  if (model.initFromMean) {
    const mean = data.trainMean?.() ?? tf.tidy(() => tf.mean(data.train, 0) as tf.Tensor1D);
    model.initFromMean(mean);
    mean.dispose();
  } else {
    model.initFromData?.(data.train);
  }
}

/**
 * f(all training rows), leaving a lazy `train` unmade where it can: the rows are then copied
 * into a tensor for `f` alone and let go after (a query's work, such as pretraining's codes).
 */
export function withTrainRows<T>(data: DeviceData, f: (train: tf.Tensor2D) => T): T {
  const n = trainShape(data)[0];
  const rows = data.batch?.(Int32Array.from({ length: n }, (_, i) => i));
  if (!rows) return f(data.train);
  try {
    return f(rows);
  } finally {
    rows.dispose();
  }
}

/** `train`'s shape, without making a lazy one. */
export const trainShape = (data: DeviceData): readonly [rows: number, columns: number] => data.trainShape ?? data.train.shape;
const trainCount = (data: DeviceData) => trainShape(data)[0];

export function uploadData(train: Float32Array, nTrain: number, test: Float32Array, nTest: number, dim: number): DeviceData {
  return { train: tf.tensor2d(train, [nTrain, dim]), test: tf.tensor2d(test, [nTest, dim]) };
}

/**
 * x = rows `idx` of `data`. On WASM, tfjs's Gather builds a std::vector per element (measured:
 * 15–40 ms for 128×784, more than the step's matMuls), so the rows are copied from the heap
 * in JS and uploaded (two memcpys of the batch). Elsewhere tf.gather runs on the device.
 */
export function gatherRows(data: tf.Tensor2D, rows: Int32Array, idx: tf.Tensor1D): tf.Tensor2D {
  const backend = wasmHeap();
  if (!backend || data.dtype !== 'float32') return tf.gather(data, idx) as tf.Tensor2D;
  const dim = data.shape[1];
  const heap = backend.typedArrayFromHeap(data);
  const out = new Float32Array(rows.length * dim);
  for (let r = 0; r < rows.length; r++) out.set(heap.subarray(rows[r] * dim, (rows[r] + 1) * dim), r * dim);
  return tf.tensor2d(out, [rows.length, dim]);
}

export interface LiveSettings {
  learningRate: number;
  batchSize: number;
  optimizer: OptimizerName;
}

export type TermSums = Record<string, tf.Scalar>;

/** Trainer.evaluate's key for the denoising error (recorded as "test/denoiseError", not a loss term). */
export const DENOISE_ERROR_KEY = 'denoiseError';
/** Seeds the corruption of the test digits that "test/denoiseError" scores (fixed: every run sees the same ones). */
export const DENOISE_TEST_SEED = 2008;

interface WeightSnapshot {
  step: number;
  epoch: number;
  values: Record<string, tf.Tensor>;
}

/**
 * Owns one model's training: batch order, optimizer, step count and a last-good
 * checkpoint. Every tensor it makes per step is disposed; nothing is read back
 * here, so the caller decides when to pay for a GPU→CPU copy.
 */
export class Trainer {
  step = 0;
  epoch = 0;
  private cursor = 0;
  private order: Int32Array | null = null;
  private readonly rng: () => number;
  private optimizer: StepOptimizer;
  private live: LiveSettings;
  private checkpoint: WeightSnapshot | null = null;
  private candidate: WeightSnapshot | null = null;

  /**
   * `modelLiveKeys`: the settings the model takes live (its family's); setLive hands it just
   * those. Without them (tests) it gets the whole object and picks what it knows.
   */
  constructor(
    readonly model: Autoencoder,
    private readonly data: DeviceData,
    live: LiveSettings,
    seed: number,
    private readonly modelLiveKeys?: readonly string[],
  ) {
    this.live = { ...live };
    this.optimizer = createOptimizer(live.optimizer, live.learningRate);
    this.rng = createRng(subSeed(seed, 'order'));
  }

  /** Applies live settings; the model takes its own (λ, β schedule…) from the same object. */
  setLive(live: LiveSettings & Record<string, unknown>): void {
    const keys = this.modelLiveKeys;
    // The model first: a malformed value throws here and changes nothing.
    this.model.setLive?.(keys ? Object.fromEntries(keys.map((k) => [k, (live as Record<string, unknown>)[k]])) : live);
    if (live.optimizer !== this.live.optimizer) {
      this.optimizer.dispose();
      this.optimizer = createOptimizer(live.optimizer, live.learningRate);
    } else if (live.learningRate !== this.live.learningRate) {
      this.optimizer.setLearningRate(live.learningRate);
    }
    this.live = { ...live };
  }

  get batchSize(): number {
    return Math.min(this.live.batchSize, trainCount(this.data));
  }

  /** Row indices of the next batch; a fresh seeded permutation each epoch (remainder dropped). */
  private nextRows(): Int32Array {
    const n = trainCount(this.data);
    const b = this.batchSize;
    if (!this.order || this.cursor + b > n) {
      if (this.order) this.epoch++;
      this.order = permutation(n, this.rng);
      this.cursor = 0;
    }
    const rows = this.order.subarray(this.cursor, this.cursor + b);
    this.cursor += b;
    return rows;
  }

  /** Runs n optimizer steps; returns each loss term summed over them (caller disposes). */
  trainSteps(n: number): TermSums {
    let sums: TermSums = {};
    const vars = Object.values(this.model.variables());
    for (let i = 0; i < n; i++) {
      const rows = this.nextRows();
      const idx = tf.tensor1d(rows, 'int32');
      const x = this.data.batch?.(rows) ?? gatherRows(this.data.train, rows, idx);
      let terms: TermSums = {};
      const cost = this.optimizer.minimize(() => {
        const l = this.model.loss(x, this.step, idx);
        terms = l.terms;
        for (const t of Object.values(terms)) tf.keep(t);
        return l.total;
      }, vars);
      const next = tf.tidy(() => {
        const out: TermSums = { total: sums.total ? tf.add(sums.total, cost) : tf.clone(cost) };
        for (const [k, t] of Object.entries(terms)) out[k] = sums[k] ? tf.add(sums[k], t) : tf.clone(t);
        return out;
      });
      tf.dispose([idx, x, cost, ...Object.values(terms), ...Object.values(sums)]);
      sums = next;
      this.step++;
    }
    return sums;
  }

  /**
   * Mean evaluation terms on the test split, computed in slices. Caller disposes. With
   * `denoise`, a model that has denoiseLoss adds DENOISE_ERROR_KEY: the same corrupted test
   * digits every time (seeded by DENOISE_TEST_SEED and the slice), so its curve and other
   * runs' compare.
   */
  evaluate(sliceSize = 2000, denoise = false): TermSums {
    const test = this.data.test;
    const n = test.shape[0];
    return tf.tidy(() => {
      const sums: Record<string, tf.Scalar> = {};
      for (let start = 0; start < n; start += sliceSize) {
        const size = Math.min(sliceSize, n - start);
        const x = tf.slice(test, [start, 0], [size, test.shape[1]]);
        const l = this.model.evalLoss(x);
        const restored = denoise ? this.model.denoiseLoss?.(x, DENOISE_TEST_SEED + start) : undefined;
        const all = { total: l.total, ...l.terms, ...(restored ? { [DENOISE_ERROR_KEY]: restored } : {}) };
        for (const [k, t] of Object.entries(all)) {
          const weighted = tf.mul(t, size / n) as tf.Scalar;
          sums[k] = sums[k] ? tf.add(sums[k], weighted) : weighted;
        }
      }
      return sums;
    });
  }

  /** After importing weights: count steps from `step` with a fresh optimizer state. */
  restartAt(step: number): void {
    this.step = step;
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.live.optimizer, this.live.learningRate);
  }

  /** Keeps a copy of every variable as the last known-good state. */
  saveCheckpoint(): void {
    this.disposeSnapshot(this.checkpoint);
    this.checkpoint = this.copyVariables();
  }

  /**
   * Chunked training keeps two copies: `candidate`, the weights at the start of the
   * chunk in progress, becomes the checkpoint only once that chunk's losses (which were
   * computed on those weights) came back finite. The weights after the chunk's last
   * update have had no loss computed yet, so they are never trusted as "good".
   */
  beginChunk(): void {
    this.disposeSnapshot(this.candidate);
    this.candidate = this.copyVariables();
  }

  /** The chunk's losses were finite: its starting weights are known-good. */
  commitChunk(): void {
    if (!this.candidate) return;
    this.disposeSnapshot(this.checkpoint);
    this.checkpoint = this.candidate;
    this.candidate = null;
  }

  /** Restores the last checkpoint (after a NaN) and clears the optimizer's state. */
  restoreCheckpoint(): number | null {
    this.disposeSnapshot(this.candidate);
    this.candidate = null;
    if (!this.checkpoint) return null;
    for (const [k, v] of Object.entries(this.model.variables())) v.assign(this.checkpoint.values[k]);
    this.step = this.checkpoint.step;
    this.epoch = this.checkpoint.epoch;
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.live.optimizer, this.live.learningRate);
    return this.step;
  }

  private copyVariables(): WeightSnapshot {
    const values: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(this.model.variables())) values[k] = tf.clone(v);
    return { step: this.step, epoch: this.epoch, values };
  }

  private disposeSnapshot(snap: WeightSnapshot | null): void {
    if (snap) tf.dispose(Object.values(snap.values));
  }

  dispose(): void {
    this.disposeSnapshot(this.checkpoint);
    this.disposeSnapshot(this.candidate);
    this.optimizer.dispose();
    this.model.dispose();
  }
}
