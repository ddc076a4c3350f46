import * as tf from '@tensorflow/tfjs-core';
import { toFloat, type ImageSplit } from '../data/image-dataset';
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
