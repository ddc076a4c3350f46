import { createRng, permutation, subSeed } from '../math/rng';
import { meanOfRows, type Rows } from '../math/rows';
import { IdxError, type IdxArray } from './idx';

/** The size of one image: width × height pixels of `channels` values each (1: grey). */
export interface ImageShape {
  width: number;
  height: number;
  channels: number;
}

/**
 * A split of images as row-major n×dim floats in [0, 1], dim = height × width × channels
 * (each image row by row, a pixel's channels together).
 */
export interface ImageSplit {
  n: number;
  readonly images: Float32Array;
  labels: Uint8Array | null;
  /**
   * A split cut from 8-bit files: its pixel bytes until someone reads `images` (converted then).
   * The first picture uploads these straight to the device instead (engine/images-on-device.ts):
   * making the floats first is a pass over fresh memory (about 0.1 s for the 8,000 digits here).
   */
  readonly unconverted?: Uint8Array | null;
}

/** Images of one size, split into train and test; the size comes from the files. */
export interface ImageDataset extends ImageShape {
  name: string;
  /** Values per image: width × height × channels. */
  dim: number;
  train: ImageSplit;
  test: ImageSplit;
  /** Where the split came from, shown to the user. */
  description: string;
}

/** Train and test splits with the size of their images, as the loaders build them. */
export type ImageSplits = ImageShape & { dim: number; train: ImageSplit; test: ImageSplit };

/** Values per image of the given shape. */
export function pixelCount(shape: ImageShape): number {
  return shape.width * shape.height * shape.channels;
}

/** The image size an images file declares: n × rows × cols (idx3) holds rows-high, cols-wide grey images. */
export function imageShapeOf(images: IdxArray): ImageShape {
  if (images.dims.length !== 3) throw new Error(`An images file must be n×rows×cols; this one is [${images.dims.join('×')}].`);
  return { width: images.dims[2], height: images.dims[1], channels: 1 };
}

/** Pixel bytes 0..255 → floats in [0, 1], x = byte / 255, into `out` (a new array, or a tensor's memory). */
export function toFloat(bytes: Uint8Array, out: Float32Array = new Float32Array(bytes.length)): Float32Array {
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}

/** Rows [r0, r1) of the split as floats: a view of its floats, or a block made from its bytes (the split stays bytes). */
export function splitRows(split: ImageSplit, dim: number): Rows {
  return (r0, r1) => {
    const bytes = split.unconverted;
    return bytes ? toFloat(bytes.subarray(r0 * dim, r1 * dim)) : split.images.subarray(r0 * dim, r1 * dim);
  };
}

/**
 * m = (1/n) Σ_i x_i, the split's mean image, a block of rows at a time: the same m as meanImage
 * over its floats, to the last bit, while a split still in bytes stays bytes (the 8,000 training
 * digits' floats are 25 MB).
 */
export function splitMean(split: ImageSplit, dim: number): Float64Array {
  return meanOfRows(splitRows(split, dim), split.n, dim);
}

/**
 * The split's first `k` images as floats, without converting the rest: a split still in bytes
 * converts only these rows (the first picture's reconstruction strip and probe need no more).
 */
export function firstImages(split: ImageSplit, k: number, dim: number): Float32Array {
  const bytes = split.unconverted;
  return bytes ? toFloat(bytes.subarray(0, k * dim)) : split.images.slice(0, k * dim);
}

function pick(images: Uint8Array, dim: number, labels: Uint8Array | null, rows: ArrayLike<number>): ImageSplit {
  const n = rows.length;
  const out = new Uint8Array(n * dim);
  const outLabels = labels ? new Uint8Array(n) : null;
  for (let r = 0; r < n; r++) {
    const src = rows[r];
    out.set(images.subarray(src * dim, (src + 1) * dim), r * dim);
    if (outLabels && labels) outLabels[r] = labels[src];
  }
  return fromBytes(n, out, outLabels);
}

function whole(images: IdxArray, labels: IdxArray | null): ImageSplit {
  return fromBytes(images.dims[0], images.data, labels?.data ?? null);
}

/**
 * A split whose floats are made from its bytes when first read (a getter, so a spread reads it
 * too); the bytes are let go then (6.3 MB for the 8,000 training digits).
 */
function fromBytes(n: number, bytes: Uint8Array, labels: Uint8Array | null): ImageSplit {
  let floats: Float32Array | null = null;
  let pixels: Uint8Array | null = bytes;
  return {
    n,
    labels,
    get images() {
      if (!floats) {
        floats = toFloat(pixels!);
        pixels = null;
      }
      return floats;
    },
    get unconverted() {
      return pixels;
    },
  };
}

/** Seeded shuffle of one pool into disjoint train and test parts. */
export function splitPool(images: IdxArray, labels: IdxArray | null, nTrain: number, nTest: number, seed: number): ImageSplits {
  const n = images.dims[0];
  if (nTrain + nTest > n) throw new Error(`Asked for ${nTrain}+${nTest} images from a pool of ${n}.`);
  const shape = imageShapeOf(images);
  const dim = pixelCount(shape);
  const order = permutation(n, createRng(subSeed(seed, 'split')));
  return {
    ...shape,
    dim,
    train: pick(images.data, dim, labels?.data ?? null, order.subarray(0, nTrain)),
    test: pick(images.data, dim, labels?.data ?? null, order.subarray(nTrain, nTrain + nTest)),
  };
}

/** Uses given train and test files as they are; their images must be of one size. */
export function fixedSplit(trainImages: IdxArray, trainLabels: IdxArray | null, testImages: IdxArray, testLabels: IdxArray | null): ImageSplits {
  const shape = imageShapeOf(trainImages);
  const testShape = imageShapeOf(testImages);
  if (testShape.width !== shape.width || testShape.height !== shape.height || testShape.channels !== shape.channels) {
    throw new IdxError(`The training images are ${shape.width}×${shape.height} but the test images are ${testShape.width}×${testShape.height}; both must be one size.`);
  }
  return { ...shape, dim: pixelCount(shape), train: whole(trainImages, trainLabels), test: whole(testImages, testLabels) };
}
