import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/data/image-dataset';
import { answerImageQuery, type ImageQueryData } from '../../src/engine/image-queries';
import { createRng } from '../../src/math/rng';
import { vaeDiagnostics } from '../../src/models/vae-diagnostics';
import { createVae } from '../../src/models/vae';
import { useTestBackend } from './tf-setup';

// The latent map's stars: 'mapPoints' puts given images (your drawings) on the very plane the
// VAE's latent map draws its probe digits on (K = 2: μ itself; else μ's top two principal axes).

const D = 36;
const N = 60;

function data(): { images: Float32Array; query: ImageQueryData } {
  const rng = createRng(5);
  const images = Float32Array.from({ length: N * D }, (_, i) => (Math.floor(i / D) % 3 === 0 ? 0.8 : 0.2) * rng());
  const split = { n: N, images, labels: null };
  const dataset: ImageDataset = { name: 'blobs', width: 6, height: 6, channels: 1, dim: D, train: split, test: split, description: '' };
  return { images, query: { dataset, pca: undefined as never, probe: tf.tensor2d(images, [N, D]) } };
}

describe('your drawings on the latent map (mapPoints)', () => {
  beforeAll(useTestBackend);

  for (const latent of [2, 5]) {
    it(`K = ${latent}: the probe digits sent as drawings land exactly on their dots; no tensor is left behind`, async () => {
      const { images, query } = data();
      const vae = createVae({ inputDim: D, latent, hidden: [8], activation: 'relu', likelihood: 'bernoulli', betaSchedule: { kind: 'constant', beta: 1 }, seed: 3 });
      const map = (await vaeDiagnostics(vae, query.probe)).latentMap;
      const before = tf.memory().numTensors;
      const picks = [7, 0, 42];
      const chosen = new Float32Array(picks.length * D);
      picks.forEach((p, i) => chosen.set(images.subarray(p * D, (p + 1) * D), i * D));
      const coords = (await answerImageQuery(query, vae, 'mapPoints', { images: chosen, n: picks.length })) as Float32Array;
      expect(tf.memory().numTensors).toBe(before);
      expect(coords.length).toBe(6);
      picks.forEach((p, i) => {
        expect(coords[2 * i]).toBeCloseTo(map[2 * p], 4);
        expect(coords[2 * i + 1]).toBeCloseTo(map[2 * p + 1], 4);
      });
      // Different digits, different places: the test is not passing on a constant.
      expect(Math.hypot(coords[0] - coords[2], coords[1] - coords[3])).toBeGreaterThan(1e-3);
      await expect(answerImageQuery(query, vae, 'mapPoints', { images: new Float32Array(D + 1), n: 1 })).rejects.toThrow(
        `mapPoints needs 1 image of ${D} values (the data's size); got ${D + 1}.`,
      );
      await expect(answerImageQuery(query, vae, 'mapPoints', { images: chosen, n: 0 })).rejects.toThrow(/mapPoints n must be a whole number from 1/);
      vae.dispose();
      query.probe.dispose();
    });
  }
});
