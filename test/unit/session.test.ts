import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageReference } from '../../src/engine/protocol';
import { defaultSettings } from '../../src/settings/schema';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

describe('training session on MNIST (first 10,000 digits, 8,000/2,000 split)', () => {
  beforeAll(useTestBackend);

  it('matches the reference PCA figures, trains toward the PCA optimum, stays leak-free, and survives a NaN', async () => {
    const t = createTestSession();
    await t.init({ latent: 10 });
    const ref = t.last('reference')!.reference as ImageReference;
    // Reference: about 26.6 test error for K=10, total variance about 52.9 per image.
    expect(ref.pcaTest!).toBeGreaterThan(25.6);
    expect(ref.pcaTest!).toBeLessThan(27.6);
    expect(ref.totalVariance!).toBeGreaterThan(51.9);
    expect(ref.totalVariance!).toBeLessThan(53.9);
    expect(ref.nTrain).toBe(8000);
    expect(ref.image).toEqual({ width: 28, height: 28, channels: 1 }); // from the IDX files' headers
    expect(ref.eigenDigits!.length).toBe(10 * 784);

    const first = await t.evaluate();
    await t.step(20); // warm-up: Adam's slots and the first permutation exist now
    const tensors = tf.memory().numTensors;
    await t.step(480);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await t.evaluate();
    expect(after.step).toBe(500);
    expect(after.loss).toBeLessThan(first.loss * 0.6);
    expect(after.loss).toBeGreaterThan(ref.pcaTest! * 0.99);
    expect(after.loss).toBeLessThan(ref.pcaTest! * 1.25);
    expect(after.subspaceSimilarity).toBeGreaterThan(0.7);

    const weights = await t.exportWeights();
    expect(weights.map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual(['encoder/kernel:784x10', 'encoder/bias:10', 'decoder/kernel:10x784', 'decoder/bias:784']);

    // A learning rate far too large: the loss blows up, training pauses, weights come back.
    const historyBefore = t.session.metrics()['train/loss'].length;
    await t.set({ ...defaultSettings(), latent: 10, optimizer: 'sgd', learningRate: 10 });
    await t.step(50);
    const notice = t.last('notice')!;
    expect(notice.level).toBe('error');
    expect(notice.message).toMatch(/loss (became (NaN|infinite)|exploded \(from \S+ to \S+\)) during steps 50\d–5\d\d\. The weights were restored to step [45]\d\d;/);
    const restored = await t.evaluate();
    expect(restored.loss).toBeCloseTo(after.loss, 0);
    expect(t.session.metrics()['train/loss'].length).toBeGreaterThanOrEqual(historyBefore);
  });
});

describe('cancelling a long load', () => {
  it('keeps the current run and settings', async () => {
    const t = createTestSession({ slowFullData: true });
    await t.init({ latent: 4 });
    await t.step(5);
    const pending = t.set({ ...defaultSettings(), latent: 4, dataSize: 'full' });
    await new Promise((r) => setTimeout(r, 50));
    expect(t.last('progress')?.cancellable).toBe(true);
    await t.cancel();
    await pending;
    const rejected = t.last('settings-rejected')!;
    expect(rejected.error).toMatch(/Loading was cancelled; the current run continues/);
    expect(rejected.settings.dataSize).toBe('10k');
    const after = await t.evaluate();
    expect(after.step).toBe(5);
  });
});
