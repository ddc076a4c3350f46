import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { firstImages, splitMean, splitPool } from '../../src/data/image-dataset';
import { pcaFileName } from '../../src/data/pca-file';
import { ImageTask } from '../../src/engine/image-task';
import { MEAN_IMAGE_NATS, quotePca } from '../../src/learn/pca-figures';
import { gaussianNllFromSquaredError, meanImage, meanImageCrossEntropy, meanImageSquaredError } from '../../src/math/mean-image-baseline';
import { DEFAULT_OUTPUT_SIGMA } from '../../src/models/vae';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import type { IdxArray } from '../../src/data/idx';
import { imagesOnDevice, TrainImages } from '../../src/engine/images-on-device';
import { initFromData, Trainer, withTrainRows } from '../../src/engine/trainer';
import { createDenseAe } from '../../src/models/dense-ae';
import { createLinearAe } from '../../src/models/linear-ae';
import { useTestBackend } from './tf-setup';

/*
 * The first picture uploads a split's pixel bytes straight into the WASM heap instead of making
 * its floats first (README, "Benchmarks": the first picture). The tensor must hold exactly the
 * floats the split gives when read (x = byte / 255), and the floats stay there for whoever reads them.
 */
const N = 50;
const DIM = 6 * 5;
const pool: IdxArray = { dims: [N, 6, 5], data: Uint8Array.from({ length: N * DIM }, (_, i) => (i * 37 + 11) % 256) };

describe('images on the device', () => {
  beforeAll(async () => expect(await useTestBackend()).toBe('wasm'));

  it('bytes go straight to the heap as the same floats the split reads, bit for bit, and leak nothing', async () => {
    const { train } = splitPool(pool, null, 40, 10, 7);
    expect(train.unconverted).toBeInstanceOf(Uint8Array);
    const before = tf.memory().numTensors;
    const fromBytes = imagesOnDevice(train, DIM);
    expect(train.unconverted).toBeInstanceOf(Uint8Array); // the upload did not make the floats
    const onDevice = await fromBytes.data();
    const floats = train.images; // made now, from the same bytes
    expect(train.unconverted).toBeNull();
    expect(Array.from(onDevice)).toEqual(Array.from(floats));
    expect(Math.max(...floats)).toBeLessThanOrEqual(1);
    // Once the floats exist they are uploaded as they are: the same tensor.
    const fromFloats = imagesOnDevice(train, DIM);
    expect(Array.from(await fromFloats.data())).toEqual(Array.from(onDevice));
    tf.dispose([fromBytes, fromFloats]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a byte is byte / 255 as a float: 0 → 0, 255 → 1, 128 → 128/255', async () => {
    const tiny: IdxArray = { dims: [2, 1, 3], data: Uint8Array.from([0, 255, 128, 1, 2, 254]) };
    const { train } = splitPool(tiny, null, 2, 0, 1);
    const t = imagesOnDevice(train, 3);
    const values = Array.from(await t.data()).sort((a, b) => a - b);
    t.dispose();
    expect(values).toEqual([0, 1, 2, 128, 254, 255].map((b) => Math.fround(b / 255)));
  });

  it('the first k images as floats, without converting the rest of a split still in bytes', () => {
    const { test } = splitPool(pool, null, 40, 10, 7);
    const bytes = test.unconverted!;
    const first = firstImages(test, 3, DIM);
    expect(test.unconverted).toBe(bytes); // the split still holds its bytes: nothing else was converted
    expect(first).toHaveLength(3 * DIM);
    expect(Array.from(first)).toEqual(Array.from(bytes.subarray(0, 3 * DIM), (b) => Math.fround(b / 255)));
    // Once the split's floats exist, the same rows come from them.
    expect(Array.from(firstImages(test, 3, DIM))).toEqual(Array.from(test.images.subarray(0, 3 * DIM)));
    expect(test.unconverted).toBeNull();
  });

  it('training batches come from the bytes without the training floats: the same losses, bit for bit, as from the uploaded split', async () => {
    const live = { learningRate: 0.01, batchSize: 8, optimizer: 'adam' as const };
    const lossesOn = async (device: { train: tf.Tensor2D; test: tf.Tensor2D }) => {
      const model = createLinearAe({ inputDim: DIM, latent: 4, tiedWeights: false, bias: true, seed: 3 });
      const trainer = new Trainer(model, device, live, 5);
      const losses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const sums = trainer.trainSteps(1);
        losses.push((await sums.total.data())[0]);
        tf.dispose(Object.values(sums));
      }
      trainer.dispose();
      return losses;
    };
    const lazy = splitPool(pool, null, 40, 10, 7);
    const before = tf.memory();
    const device = new TrainImages(lazy.train, lazy.test, DIM);
    const fromBytes = await lossesOn(device);
    // 12 steps of 8 rows: more than an epoch of 40, so the permutation turned over too.
    expect(lazy.train.unconverted).toBeInstanceOf(Uint8Array); // the split's floats were never made
    expect(tf.memory().numBytes - before.numBytes).toBe(10 * DIM * 4); // the test split only: no training tensor
    const eager = splitPool(pool, null, 40, 10, 7);
    const uploaded = { train: imagesOnDevice(eager.train, DIM), test: imagesOnDevice(eager.test, DIM) };
    expect(fromBytes).toEqual(await lossesOn(uploaded));
    tf.dispose([uploaded.train, uploaded.test]);
    device.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
  });

  it('the training tensor is made when first read, survives the tidy it was read in, and then serves the batches', async () => {
    const { train, test } = splitPool(pool, null, 40, 10, 7);
    const before = tf.memory().numTensors;
    const device = new TrainImages(train, test, DIM);
    expect(device.trainShape).toEqual([40, DIM]);
    const mean = tf.tidy(() => tf.mean(device.train, 0)); // as a model's initFromData reads it
    expect(device.train.isDisposed).toBe(false);
    expect(Array.from(await device.train.data())).toEqual(Array.from(train.images));
    expect(device.batch(Int32Array.of(0, 1))).toBeNull(); // gathered from the tensor now
    mean.dispose();
    device.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model that starts from the mean pixel gets it from the bytes: the floats are not made, and the mean is the one the tensor gives', async () => {
    const { train, test } = splitPool(pool, null, 40, 10, 7);
    const device = new TrainImages(train, test, DIM);
    const before = tf.memory().numTensors;
    const model = createDenseAe({ family: 'autoencoder', inputDim: DIM, hidden: [5], latent: 2, activation: 'sigmoid', tiedWeights: false, loss: 'cross-entropy', seed: 1 });
    initFromData(model, device);
    expect(train.unconverted).toBeInstanceOf(Uint8Array); // no training floats, in JS or as a tensor
    const bias = Array.from(await model.variables()['decoder/out/bias'].data());
    const values = async (t: tf.Tensor) => {
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    };
    const fromBytes = await values(device.trainMean());
    // x̄ from the bytes against tf.mean over the tensor: float32 sums in another order, so to rounding.
    const fromTensor = await values(tf.tidy(() => tf.mean(device.train, 0)));
    fromBytes.forEach((m, j) => expect(m).toBeCloseTo(fromTensor[j], 6));
    // b_out = logit(clip(x̄)), and the same x̄ once the tensor exists: every run starts alike.
    bias.forEach((b, j) => expect(b).toBeCloseTo(Math.log(Math.min(Math.max(fromBytes[j], 1e-3), 1 - 1e-3) / (1 - Math.min(Math.max(fromBytes[j], 1e-3), 1 - 1e-3))), 4));
    expect(await values(device.trainMean())).toEqual(fromBytes);
    model.dispose();
    device.dispose();
    expect(tf.memory().numTensors).toBe(before - 1); // the test split, made with the device, went with it
  });

  it('work on all the training rows (pretraining encodes them) gets them without making the training tensor, and lets them go', async () => {
    const { train, test } = splitPool(pool, null, 40, 10, 7);
    const device = new TrainImages(train, test, DIM);
    const before = tf.memory().numTensors;
    const sums = withTrainRows(device, (x) => tf.sum(x, 1));
    expect(tf.memory().numTensors).toBe(before + 1); // the sums only: the rows' copy is gone
    expect(train.unconverted).toBeInstanceOf(Uint8Array);
    const expected = Array.from({ length: 40 }, (_, r) => train.images.subarray(r * DIM, (r + 1) * DIM).reduce((a, b) => a + b, 0));
    Array.from(await sums.data()).forEach((v, r) => expect(v).toBeCloseTo(expected[r], 4));
    sums.dispose();
    device.dispose();
  });
});

describe('the training split stays bytes for the reference', () => {
  beforeAll(async () => expect(await useTestBackend()).toBe('wasm'));

  it('x̄ from the bytes is meanImage over the floats to the last bit, and reading it converts nothing', () => {
    const { train } = splitPool(pool, null, 40, 10, 7);
    const fromBytes = splitMean(train, DIM);
    expect(train.unconverted).toBeInstanceOf(Uint8Array);
    expect(Array.from(fromBytes)).toEqual(Array.from(meanImage(train.images, 40, DIM)));
    expect(Array.from(splitMean(train, DIM))).toEqual(Array.from(fromBytes)); // from the floats now
  });

  // The lab's own case: the bundled 10k subset, seed 1, whose PCA comes in its file (npm run data).
  const pcaFile = new URL(`../../public/datasets/${pcaFileName(1)}`, import.meta.url);
  it.skipIf(!existsSync(pcaFile))(
    'the complete reference of MNIST 10k (its PCA from the file, the mean-image baselines) leaves the training digits in bytes, with the figures the floats give',
    async () => {
      const settings: Settings = { ...defaultSettings(), dataset: 'mnist', dataSize: '10k', seed: 1, latent: 10 };
      const task = await ImageTask.load({
        settings,
        datasetsUrl: '',
        fetchBytes: async (url) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url))),
        signal: new AbortController().signal,
        progress: () => undefined,
        dropped: null,
        backendReady: Promise.resolve(),
      });
      try {
        const { train, test, dim } = task.dataset;
        const ref = await task.reference(settings);
        // PCA's test error for K = 10 as the walkthrough quotes it (from the file: a fit here would
        // have read the floats), the baseline as it quotes it, and no training floats made.
        expect(ref.pcaTest!.toFixed(1)).toBe(quotePca(10));
        expect(Math.round(ref.meanImageBaseline!.bernoulli)).toBe(MEAN_IMAGE_NATS);
        expect(train.unconverted).toBeInstanceOf(Uint8Array);
        const floats = train.images;
        const { bernoulli, gaussian } = ref.meanImageBaseline!;
        expect(bernoulli).toBe(meanImageCrossEntropy(floats, train.n, test.images, test.n, dim));
        expect(gaussian).toBe(gaussianNllFromSquaredError(meanImageSquaredError(floats, train.n, test.images, test.n, dim), dim, DEFAULT_OUTPUT_SIGMA));
      } finally {
        task.dispose();
      }
    },
  );
});
