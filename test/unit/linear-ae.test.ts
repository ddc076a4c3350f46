import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPca, pcaTrainError } from '../../src/math/pca';
import { subspaceSimilarity } from '../../src/math/subspace';
import { createLinearAe } from '../../src/models/linear-ae';
import { Trainer, uploadData } from '../../src/engine/trainer';
import { gaussianWithSpectrum } from './synthetic';
import { useTestBackend } from './tf-setup';

const lambdas = [6, 4, 2.5, 1.5, 0.6, 0.3, 0.15, 0.08, 0.04, 0.02, 0.01, 0.01];
const d = lambdas.length;
const n = 2000;
const k = 3;

async function read(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

describe('linear autoencoder', () => {
  beforeAll(useTestBackend);

  for (const tied of [false, true]) {
    it(`reaches PCA's error within 2% and the PCA subspace (tied=${tied})`, async () => {
      const { data } = gaussianWithSpectrum(n, lambdas, 11);
      const pca = await fitPca(data, n, d);
      const optimum = pcaTrainError(pca, k);
      const model = createLinearAe({ inputDim: d, latent: k, tiedWeights: tied, bias: true, seed: 5 });
      const device = uploadData(data, n, data, n, d);
      const trainer = new Trainer(model, device, { learningRate: 0.01, batchSize: 100, optimizer: 'adam' }, 1);
      for (let round = 0; round < 15; round++) tf.dispose(Object.values(trainer.trainSteps(100)));
      // Finish with full-batch steps at a small rate to settle the noise of minibatches.
      trainer.setLive({ learningRate: 0.002, batchSize: n, optimizer: 'adam' });
      tf.dispose(Object.values(trainer.trainSteps(300)));
      const evalTerms = trainer.evaluate();
      const error = await read(evalTerms.total);
      tf.dispose(Object.values(evalTerms));
      expect(error).toBeGreaterThanOrEqual(optimum * 0.999); // PCA is optimal: never beaten
      expect(error).toBeLessThan(optimum * 1.02);
      const rows = (await model.weightRows().data()) as Float32Array;
      expect(subspaceSimilarity(pca.components.slice(0, k * d), rows, k, d)).toBeGreaterThan(0.98);
      trainer.dispose();
      tf.dispose([device.train, device.test]);
    });
  }

  it('holds tf.memory().numTensors flat over 500 steps', async () => {
    const { data } = gaussianWithSpectrum(500, lambdas, 2);
    const device = uploadData(data, 500, data, 500, d);
    const trainer = new Trainer(
      createLinearAe({ inputDim: d, latent: k, tiedWeights: false, bias: true, seed: 1 }),
      device,
      { learningRate: 0.01, batchSize: 32, optimizer: 'adam' },
      1,
    );
    // Warm-up creates the optimizer's slots once.
    tf.dispose(Object.values(trainer.trainSteps(5)));
    trainer.saveCheckpoint();
    const before = tf.memory().numTensors;
    for (let chunk = 0; chunk < 50; chunk++) {
      const sums = trainer.trainSteps(10);
      await sums.total.data();
      tf.dispose(Object.values(sums));
      trainer.saveCheckpoint();
      tf.dispose(Object.values(trainer.evaluate()));
      if (chunk === 25) {
        trainer.setLive({ learningRate: 0.005, batchSize: 16, optimizer: 'adam' });
      }
    }
    expect(trainer.step).toBe(505);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    tf.dispose([device.train, device.test]);
  });
});
