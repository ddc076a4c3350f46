import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initFromData, Trainer, uploadData, type DeviceData } from '../../src/engine/trainer';
import { meanJacobianNorm } from '../../src/models/jacobian';
import { corruptedReconstructionError, meanAbsActivation } from '../../src/models/ae-diagnostics';
import type { Activation } from '../../src/models/activations';
import { createDenseAe, type DenseAe, type DenseAeOptions } from '../../src/models/dense-ae';
import { useTestBackend } from './tf-setup';
import { mnistTrainRows } from './vae-mnist';

// Every model: 784-64-784, cross-entropy, the first 2,000 MNIST training digits, 400 Adam
// steps of 64 with the same weight seed and batch order. The next 500 digits are held out.
const N_TRAIN = 2000;
const N_HELD = 500;
const STEPS = 400;
const base = { inputDim: 784, hidden: [], latent: 64, tiedWeights: false, loss: 'cross-entropy', seed: 7 } as const;

let data: DeviceData;
const plain: Partial<Record<Activation, DenseAe>> = {};

async function read(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

function train(family: DenseAeOptions['family'], activation: Activation, live: Partial<DenseAeOptions> = {}): DenseAe {
  const model = createDenseAe({ ...base, family, activation, ...live });
  initFromData(model, data);
  const trainer = new Trainer(model, data, { learningRate: 0.003, batchSize: 64, optimizer: 'adam' }, 3);
  for (let done = 0; done < STEPS; done += 100) tf.dispose(Object.values(trainer.trainSteps(100)));
  expect(trainer.step).toBe(STEPS);
  return model;
}

const plainOf = (act: Activation): DenseAe => (plain[act] ??= train('autoencoder', act));
const heldOutCe = (m: DenseAe) => read(tf.tidy(() => m.evalLoss(data.test).terms.reconstruction));
const meanAbs = (m: DenseAe) => read(tf.tidy(() => meanAbsActivation(m.encode(data.test))));

describe('regularizers change what a 784-64-784 autoencoder learns on MNIST', () => {
  beforeAll(async () => {
    await useTestBackend();
    const rows = mnistTrainRows(0, N_TRAIN + N_HELD);
    data = uploadData(rows.subarray(0, N_TRAIN * 784), N_TRAIN, rows.subarray(N_TRAIN * 784), N_HELD, 784);
  });
  afterAll(() => {
    Object.values(plain).forEach((m) => m.dispose());
    tf.dispose([data.train, data.test]);
  });

  it('L1 sparsity (relu code, λ = 0.1) at least halves the mean |h| on held-out digits', async () => {
    const sparse = train('sparse', 'relu', { sparsityKind: 'l1', sparsityWeight: 0.1 });
    const [p, s] = [await meanAbs(plainOf('relu')), await meanAbs(sparse)];
    console.log(
      `relu mean |h|: plain ${p.toFixed(3)}, L1 ${s.toFixed(3)}; held-out CE: plain ${(await heldOutCe(plainOf('relu'))).toFixed(1)}, L1 ${(await heldOutCe(sparse)).toFixed(1)}`,
    );
    expect(s).toBeLessThan(0.5 * p);
    sparse.dispose();
  });

  it('KL sparsity (sigmoid code, ρ = 0.05, β = 3) at least halves the mean h and moves ρ̂ towards ρ', async () => {
    const sparse = train('sparse', 'sigmoid', { sparsityKind: 'kl', sparsityWeight: 3, sparsityTarget: 0.05 });
    const [p, s] = [await meanAbs(plainOf('sigmoid')), await meanAbs(sparse)];
    console.log(
      `sigmoid mean h: plain ${p.toFixed(3)}, KL ${s.toFixed(3)} (ρ = 0.05); held-out CE: plain ${(await heldOutCe(plainOf('sigmoid'))).toFixed(1)}, KL ${(await heldOutCe(sparse)).toFixed(1)}`,
    );
    expect(s).toBeLessThan(0.5 * p);
    expect(Math.abs(s - 0.05)).toBeLessThan(Math.abs(p - 0.05));
    sparse.dispose();
  });

  it('denoising (masking ν = 0.5) restores masked held-out digits better than the plain AE', async () => {
    const dae = train('denoising', 'sigmoid', { noiseKind: 'masking', noiseLevel: 0.5 });
    // The same corrupted digits (seed 12345) for both models, scored against the clean ones.
    const masked = async (m: DenseAe) => read(corruptedReconstructionError(m, data.test, 'masking', 0.5, 12345));
    const [p, d] = [await masked(plainOf('sigmoid')), await masked(dae)];
    const [pc, dc] = [
      await read(corruptedReconstructionError(plainOf('sigmoid'), data.test, 'masking', 0, 1)),
      await read(corruptedReconstructionError(dae, data.test, 'masking', 0, 1)),
    ];
    console.log(`SSE on masked held-out digits: plain ${p.toFixed(2)}, denoising ${d.toFixed(2)}; on clean ones: plain ${pc.toFixed(2)}, denoising ${dc.toFixed(2)}`);
    expect(d).toBeLessThan(0.97 * p);
    dae.dispose();
  });

  it('contractive (λ = 0.1) has a lower mean ‖J_f(x)‖²_F on held-out digits', async () => {
    const cae = train('contractive', 'sigmoid', { contractionWeight: 0.1 });
    const [p, c] = [await read(meanJacobianNorm(plainOf('sigmoid'), data.test)), await read(meanJacobianNorm(cae, data.test))];
    console.log(
      `mean ‖J‖²_F: plain ${p.toFixed(2)}, contractive ${c.toFixed(2)}; held-out CE: plain ${(await heldOutCe(plainOf('sigmoid'))).toFixed(1)}, contractive ${(await heldOutCe(cae)).toFixed(1)}`,
    );
    expect(c).toBeLessThan(0.8 * p);
    cae.dispose();
  });
});
