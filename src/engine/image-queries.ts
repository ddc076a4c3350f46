import * as tf from '@tensorflow/tfjs-core';
import { firstImages, type ImageDataset } from '../data/image-dataset';
import { codePlane, codeAt } from '../math/code-plane';
import { fitGaussian, sampleCodes } from '../math/gaussian-fit';
import { knnAccuracy } from '../math/knn';
import { linearProbe } from '../math/linear-probe';
import type { Pca } from '../math/pca';
import { codeView, nearestDigitDistance, type CodeViewResult } from '../models/code-view';
import type { Autoencoder } from '../models/model';
import { fitPcaFor } from './own-images-pca';
import { readFloats } from './read-scalars';

/**
 * The images task's own read-outs of any model's code (the lecture's MNIST pictures): one
 * digit's code and tiles, linear probes and kNN on the code against pixels and PCA, decoded
 * random codes, and 2-D maps of the code beside PCA's. Each reads back and disposes.
 */

/** The task's data these queries read: the split, its PCA and the fixed probe digits. */
export interface ImageQueryData {
  dataset: ImageDataset;
  pca: Pca;
  probe: tf.Tensor2D;
}

export type CodeViewAnswer = CodeViewResult & { index: number; label: number | null; image: Float32Array };

/** One representation's scores in the feature-learning table. */
export interface FeatureRow {
  name: 'code' | 'pixels' | 'pca';
  dim: number;
  /** Test accuracy of a softmax-regression probe trained on the training rows. */
  probe: number;
  probeTrain: number;
  /** Test accuracy of k-nearest neighbours among the training rows. */
  knn: number;
}

export interface FeatureProbeResult {
  rows: FeatureRow[];
  nTrain: number;
  nTest: number;
  steps: number;
  k: number;
}

export interface RandomCodesResult {
  n: number;
  k: number;
  /** Decoded z ~ N(0, I), [n × D]. */
  prior: Float32Array;
  /** Decoded z ~ N(m, C) fitted to the probe digits' codes, [n × D]. */
  fitted: Float32Array;
  /** Mean squared distance per pixel from each decoded image to its nearest probe digit. */
  priorDistance: number;
  fittedDistance: number;
  /** ‖m‖/√K and √(tr C / K): how far the codes sit from N(0, I)'s centre and spread. */
  codeMeanRms: number;
  codeStdRms: number;
}

export interface CodeMapResult {
  n: number;
  k: number;
  labels: number[];
  /** The code's 2-D picture (K = 2: the code itself) and PCA's 2-D projection of the same pixels, [n × 2]. */
  code: Float32Array;
  codeMethod: 'code' | 'pca';
  codeExplained: number;
  pixels: Float32Array;
  pixelsExplained: number;
  /** Leave-one-out 5-NN accuracy of the digits' labels within each 2-D picture. */
  knnCode: number;
  knnPixels: number;
}

export interface DecodedPoint {
  z: number[];
  image: Float32Array;
}

/** The queries this file answers for every image model. */
export const IMAGE_QUERIES = ['codeView', 'featureProbe', 'randomCodes', 'codeMap', 'decodeMapPoint', 'mapPoints'] as const;
export type ImageQueryName = (typeof IMAGE_QUERIES)[number];
export const isImageQuery = (name: string): name is ImageQueryName => (IMAGE_QUERIES as readonly string[]).includes(name);

const record = (args: unknown): Record<string, unknown> => (typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {});

function wholeIn(v: unknown, fallback: number, lo: number, hi: number, what: string): number {
  const x = v ?? fallback;
  if (!(Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi)) throw new Error(`${what} must be a whole number from ${lo} to ${hi}; got ${String(v)}.`);
  return x as number;
}

function labelsOf(split: { labels: Uint8Array | null }, n: number, what: string): Uint8Array {
  if (!split.labels) throw new Error(`This needs the ${what} digits' labels; the dataset has none.`);
  return split.labels.subarray(0, n);
}

/** Codes of n×D images, read back [n × K]. */
async function codesOf(model: Autoencoder, images: Float32Array, n: number, dim: number): Promise<Float32Array> {
  return readFloats(tf.tidy(() => model.encode(tf.tensor2d(images.subarray(0, n * dim), [n, dim]))));
}

/** PCA's K-dimensional code of n images: (x − μ) U_Kᵀ, [n × K]. */
export async function pcaCodes(pca: Pca, images: Float32Array, n: number, k: number): Promise<Float32Array> {
  const dim = pca.dim;
  return readFloats(
    tf.tidy(() => {
      const x = tf.sub(tf.tensor2d(images.subarray(0, n * dim), [n, dim]), tf.tensor1d(pca.mean));
      return tf.matMul(x, tf.tensor2d(pca.components.subarray(0, k * dim), [k, dim]), false, true);
    }),
  );
}

async function probeCodes(model: Autoencoder, data: ImageQueryData): Promise<Float32Array> {
  return readFloats(tf.tidy(() => model.encode(data.probe)));
}

export async function answerImageQuery(data: ImageQueryData, model: Autoencoder, name: ImageQueryName, args: unknown): Promise<unknown> {
  const a = record(args);
  const { dataset, pca, probe } = data;
  const dim = dataset.dim;
  const nProbe = probe.shape[0];
  const k = model.latent;

  if (name === 'codeView') {
    const index = wholeIn(a.index, 0, 0, nProbe - 1, 'codeView index');
    const x = tf.slice(probe, [index, 0], [1, dim]);
    try {
      const view = await codeView(model, x);
      const image = dataset.test.images.slice(index * dim, (index + 1) * dim);
      const answer: CodeViewAnswer = { ...view, index, label: dataset.test.labels?.[index] ?? null, image };
      return answer;
    } finally {
      x.dispose();
    }
  }

  if (name === 'featureProbe') {
    const nTrain = wholeIn(a.nTrain, 2000, 50, dataset.train.n, 'featureProbe nTrain');
    const nTest = wholeIn(a.nTest, 1000, 10, dataset.test.n, 'featureProbe nTest');
    const steps = wholeIn(a.steps, 300, 1, 5000, 'featureProbe steps');
    const kNeighbours = wholeIn(a.k, 5, 1, 50, 'featureProbe k');
    const yTrain = labelsOf(dataset.train, nTrain, 'training');
    const yTest = labelsOf(dataset.test, nTest, 'test');
    const kPca = Math.min(k, dim);
    // The first nTrain training digits only: a split still in bytes stays bytes (its floats are 25 MB).
    const xTrain = firstImages(dataset.train, nTrain, dim);
    const sets: [FeatureRow['name'], number, Float32Array, Float32Array][] = [
      ['code', k, await codesOf(model, xTrain, nTrain, dim), await codesOf(model, dataset.test.images, nTest, dim)],
      ['pixels', dim, xTrain, dataset.test.images.subarray(0, nTest * dim)],
      ['pca', kPca, await pcaCodes(pca, xTrain, nTrain, kPca), await pcaCodes(pca, dataset.test.images, nTest, kPca)],
    ];
    const rows: FeatureRow[] = [];
    for (const [rowName, d, train, test] of sets) {
      const p = await linearProbe(train, yTrain, test, yTest, d, { steps });
      rows.push({ name: rowName, dim: d, probe: p.testAccuracy, probeTrain: p.trainAccuracy, knn: await knnAccuracy(train, yTrain, test, yTest, d, kNeighbours) });
    }
    const result: FeatureProbeResult = { rows, nTrain, nTest, steps, k: kNeighbours };
    return result;
  }

  if (name === 'randomCodes') {
    const n = wholeIn(a.n, 16, 1, 64, 'randomCodes n');
    const seed = wholeIn(a.seed, 2014, 0, 2 ** 31 - 1, 'randomCodes seed');
    const codes = await probeCodes(model, data);
    const fit = fitGaussian(codes, nProbe, k);
    const decodeAll = (z: Float32Array) => tf.tidy(() => model.decode(tf.tensor2d(z, [n, k])));
    const prior = decodeAll(sampleCodes(null, n, k, seed));
    const fitted = decodeAll(sampleCodes(fit, n, k, seed));
    const [priorDistance, fittedDistance] = [await nearestDigitDistance(prior, probe), await nearestDigitDistance(fitted, probe)];
    let m2 = 0;
    for (let j = 0; j < k; j++) m2 += fit.mean[j] ** 2;
    const result: RandomCodesResult = {
      n,
      k,
      prior: await readFloats(prior),
      fitted: await readFloats(fitted),
      priorDistance,
      fittedDistance,
      codeMeanRms: Math.sqrt(m2 / k),
      codeStdRms: fit.rmsStd,
    };
    return result;
  }

  if (name === 'codeMap') {
    const labels = Array.from(labelsOf(dataset.test, nProbe, 'test'));
    const plane = await codePlane(await probeCodes(model, data), nProbe, k, fitPcaFor);
    const pixels = await pcaCodes(pca, dataset.test.images, nProbe, 2);
    const total = pca.eigenvalues.reduce((s, v) => s + v, 0);
    const result: CodeMapResult = {
      n: nProbe,
      k,
      labels,
      code: plane.coords,
      codeMethod: plane.method,
      codeExplained: plane.explained,
      pixels,
      pixelsExplained: total > 0 ? (pca.eigenvalues[0] + pca.eigenvalues[1]) / total : 0,
      knnCode: await knnAccuracy(plane.coords, labels, plane.coords, labels, 2, 5, true),
      knnPixels: await knnAccuracy(pixels, labels, pixels, labels, 2, 5, true),
    };
    return result;
  }

  if (name === 'mapPoints') {
    // Given images on the plane the latent map draws (K = 2: h itself; else μ's top two axes): c = (h − m) [u₁ u₂].
    const n = wholeIn(a.n, 1, 1, 10_000, 'mapPoints n');
    const images = a.images instanceof Float32Array ? a.images : null;
    if (images?.length !== n * dim)
      throw new Error(`mapPoints needs ${n} image${n === 1 ? '' : 's'} of ${dim} values (the data's size); got ${images?.length ?? 'no Float32Array'}.`);
    const plane = await codePlane(await probeCodes(model, data), nProbe, k, fitPcaFor);
    const h = await codesOf(model, images, n, dim);
    const coords = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      for (let axis = 0; axis < 2 && plane.axes.length >= (axis + 1) * k; axis++) {
        for (let j = 0; j < k; j++) coords[2 * i + axis] += (h[i * k + j] - plane.mean[j]) * plane.axes[axis * k + j];
      }
    }
    return coords;
  }

  // decodeMapPoint: the code under a point of the code map, h = m + x u₁ + y u₂, decoded.
  const x = a.x;
  const y = a.y;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Error(`decodeMapPoint needs x and y: finite numbers on the map; got x=${String(x)}, y=${String(y)}.`);
  }
  const plane = k === 2 ? { k, mean: new Float32Array(2), axes: Float32Array.from([1, 0, 0, 1]) } : await codePlane(await probeCodes(model, data), nProbe, k, fitPcaFor);
  const z = codeAt(plane, x, y);
  const image = await readFloats(tf.tidy(() => model.decode(tf.tensor2d(z, [1, k]))));
  const result: DecodedPoint = { z, image };
  return result;
}
