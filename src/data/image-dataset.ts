import { createRng, permutation, subSeed } from '../math/rng';
import type { IdxArray } from './idx';

/** A split of 28×28 images as row-major n×784 floats in [0, 1]. */
export interface ImageSplit {
  n: number;
  images: Float32Array;
  labels: Uint8Array | null;
}

export interface ImageDataset {
  name: string;
  dim: number;
  train: ImageSplit;
  test: ImageSplit;
  /** Where the split came from, shown to the user. */
  description: string;
}

export const IMAGE_DIM = 784;

/** Pixel bytes 0..255 → floats in [0, 1]. */
function toFloat(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}

function pick(images: Uint8Array, labels: Uint8Array | null, rows: ArrayLike<number>): ImageSplit {
  const n = rows.length;
  const out = new Uint8Array(n * IMAGE_DIM);
  const outLabels = labels ? new Uint8Array(n) : null;
  for (let r = 0; r < n; r++) {
    const src = rows[r];
    out.set(images.subarray(src * IMAGE_DIM, (src + 1) * IMAGE_DIM), r * IMAGE_DIM);
    if (outLabels && labels) outLabels[r] = labels[src];
  }
  return { n, images: toFloat(out), labels: outLabels };
}

function whole(images: IdxArray, labels: IdxArray | null): ImageSplit {
  return { n: images.dims[0], images: toFloat(images.data), labels: labels?.data ?? null };
}

/** Seeded shuffle of one pool into disjoint train and test parts. */
export function splitPool(
  images: IdxArray,
  labels: IdxArray | null,
  nTrain: number,
  nTest: number,
  seed: number,
): { train: ImageSplit; test: ImageSplit } {
  const n = images.dims[0];
  if (nTrain + nTest > n) throw new Error(`Asked for ${nTrain}+${nTest} images from a pool of ${n}.`);
  const order = permutation(n, createRng(subSeed(seed, 'split')));
  return {
    train: pick(images.data, labels?.data ?? null, order.subarray(0, nTrain)),
    test: pick(images.data, labels?.data ?? null, order.subarray(nTrain, nTrain + nTest)),
  };
}

/** Uses given train and test files as they are. */
export function fixedSplit(
  trainImages: IdxArray,
  trainLabels: IdxArray | null,
  testImages: IdxArray,
  testLabels: IdxArray | null,
): { train: ImageSplit; test: ImageSplit } {
  return { train: whole(trainImages, trainLabels), test: whole(testImages, testLabels) };
}
