import * as tf from '@tensorflow/tfjs-core';
import { splitMean, toFloat, type ImageSplit } from '../data/image-dataset';
import type { DeviceData } from './trainer';
import { wasmHeap } from './wasm-heap';

/**
 * A split's n×dim images as a float tensor. On WASM, a split nobody has read as floats yet goes
 * from its bytes straight into the heap (image-dataset's toFloat, writing there): one pass
 * over fresh memory instead of two (floats in JS, then their copy), about 0.1 s of the first
 * picture. Elsewhere, or once the floats exist, the floats are uploaded.
 */
export function imagesOnDevice(split: ImageSplit, dim: number): tf.Tensor2D {
  const bytes = split.unconverted;
  const heap = wasmHeap();
  if (!bytes || !heap || bytes.length !== split.n * dim) return tf.tensor2d(split.images, [split.n, dim]);
  const out = heap.makeOutput([split.n, dim], 'float32');
  toFloat(bytes, heap.typedArrayFromHeap(out));
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
}

/**
 * An image task's splits on the device, with the training images made only when something
 * reads `train` (tf.gather off WASM; a model's start reads `trainMean`, pretraining `withTrainRows`). On WASM the trainer
 * asks `batch` instead: each batch's rows go from their bytes straight into a new tensor on the
 * heap, x = byte / 255 as toFloat computes it, so the floats are the ones `train` would hold.
 * Until then the 8,000 training digits never exist as floats: 25 MB of fresh memory, whose
 * first touch was the larger part of building the first run (about 0.15 s on a 2-core VM).
 */
export class TrainImages implements DeviceData {
  readonly test: tf.Tensor2D;
  readonly trainShape: readonly [number, number];
  private made: tf.Tensor2D | null = null;
  /** The split's bytes, held here: reading the split's floats later (PCA) lets its own go. */
  private readonly bytes: Uint8Array | null;

  constructor(
    private readonly split: ImageSplit,
    test: ImageSplit,
    private readonly dim: number,
  ) {
    this.bytes = split.unconverted?.length === split.n * dim ? split.unconverted : null;
    this.trainShape = [split.n, dim];
    this.test = imagesOnDevice(test, dim);
  }

  get train(): tf.Tensor2D {
    // Kept: the first read may come inside someone's tf.tidy, which must not dispose it.
    return (this.made ??= tf.keep(imagesOnDevice(this.split, this.dim)));
  }

  batch(rows: Int32Array): tf.Tensor2D | null {
    const heap = wasmHeap();
    if (this.made || !this.bytes || !heap) return null;
    const { bytes, dim } = this;
    const out = heap.makeOutput([rows.length, dim], 'float32');
    const x = heap.typedArrayFromHeap(out);
    for (let r = 0; r < rows.length; r++) toFloat(bytes.subarray(rows[r] * dim, (rows[r] + 1) * dim), x.subarray(r * dim, (r + 1) * dim));
    return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
  }

  /**
   * x̄ = (1/n) Σ_i x_i of the floats `train` holds (x = byte / 255 in float32), from the bytes:
   * summed in float64, rounded once. The same whether or not `train` has been made, so every
   * run of a task starts from the same mean.
   */
  trainMean(): tf.Tensor1D {
    const { bytes, dim } = this;
    if (!bytes) return tf.tidy(() => tf.mean(this.train, 0) as tf.Tensor1D);
    return tf.tensor1d(Float32Array.from(splitMean(this.split, dim)));
  }

  dispose(): void {
    tf.dispose([this.test, ...(this.made ? [this.made] : [])]);
  }
}
