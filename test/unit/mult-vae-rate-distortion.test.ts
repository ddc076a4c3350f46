import { beforeAll, describe, expect, it } from 'vitest';
import { familyOf } from '../../src/families';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

describe('the Mult-VAE in the rate–distortion plane', () => {
  beforeAll(useTestBackend);

  it('lists the MNIST VAE’s plane, and records the rate, distortion and β series it draws', async () => {
    expect(familyOf('mult-vae').panels).toContain('vae-rate-distortion');
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init({ dataset: 'movielens-100k', model: 'mult-vae', latent: 8, multHidden: 32, batchSize: 50, learningRate: 0.01, annealSteps: 100 });
    await t.step(60);
    const history = t.history();
    const last = (k: string) => history[k]?.at(-1)?.value;
    // Rate = KL(q(z|x) ‖ N(0, I)) ≥ 0 in nats per user; distortion = the clicks' −log-likelihood > 0; β = min(0.2, t / 100).
    expect(last('train/kl')).toBeGreaterThan(0);
    expect(last('train/reconstruction')).toBeGreaterThan(0);
    expect(last('train/beta')).toBeGreaterThan(0);
    expect(last('train/beta')).toBeLessThanOrEqual(0.2 + 1e-6); // float32
    expect(last('test/kl')).toBeGreaterThan(0);
    expect(last('test/reconstruction')).toBeGreaterThan(0);
  });
});
