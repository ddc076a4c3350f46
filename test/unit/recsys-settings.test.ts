import { describe, expect, it } from 'vitest';
import { annealedBeta } from '../../src/models/mult-vae';
import { autoAnnealSteps, cappedBeta, PAPER_UPDATES_PER_EPOCH, updatesPerEpoch } from '../../src/settings/recsys-settings';
import { defaultSettings, SETTINGS } from '../../src/settings/schema';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';
import { applyPatch } from '../../src/settings/validate';
import { modelsUsing } from '../../src/families';

describe('image models and recommenders need their own datasets', () => {
  const images = defaultSettings();
  const recsys = { ...images, model: 'mult-vae' as const, dataset: 'movielens-100k' as const };

  it('switching only the model across families brings the family’s default dataset, and says so', () => {
    const r = applyPatch(images, { model: 'mult-vae' });
    expect(r.ok).toBe(true);
    expect(r.settings.dataset).toBe('movielens-latest-small');
    expect(r.resetKeys.sort()).toEqual(['dataset', 'model']);
    expect(r.notes?.[0]).toMatch(/mult-vae model needs a MovieLens dataset: the dataset was switched to movielens-latest-small/);
    const back = applyPatch(recsys, { model: 'vae' });
    expect(back.settings.dataset).toBe('mnist');
    expect(back.notes?.[0]).toMatch(/switched to mnist/);
    // The linear autoencoder has a family on each side (PCA on images, AMF on clicks): it stays.
    const linear = applyPatch(recsys, { model: 'linear' });
    expect([linear.settings.dataset, linear.notes]).toEqual(['movielens-100k', undefined]);
  });

  it('switching only the dataset across families brings that family’s default model', () => {
    expect(applyPatch({ ...images, model: 'vae' }, { dataset: 'movielens-100k' as const }).settings.model).toBe('mult-vae');
    expect(applyPatch(recsys, { dataset: 'mnist' }).settings.model).toBe('linear');
    expect(applyPatch({ ...images, model: 'linear' }, { dataset: 'movielens-100k' as const }).settings.model).toBe('linear');
  });

  it('refuses an explicit incompatible pair, changing nothing', () => {
    const r = applyPatch(images, { model: 'ease', dataset: 'mnist', latent: 8 });
    expect(r.ok).toBe(false);
    expect(r.settings).toBe(images);
    expect(r.errors).toEqual([expect.stringMatching(/ease model recommends movies: it needs a MovieLens dataset .* not mnist/)]);
    expect(applyPatch(recsys, { model: 'vae', dataset: 'movielens-100k' as const }).errors[0]).toMatch(/vae model works on images/);
  });

  it('leaves compatible patches alone (no notes)', () => {
    const r = applyPatch(recsys, { model: 'ease', dataset: 'movielens-latest-small' });
    expect(r.ok).toBe(true);
    expect(r.notes).toBeUndefined();
    expect(applyPatch(images, { latent: 8 }).notes).toBeUndefined();
  });
});

describe('annealSteps', () => {
  it("'auto' keeps the paper's schedule in epochs: round(200,000 · updates per epoch / 234)", () => {
    expect(PAPER_UPDATES_PER_EPOCH).toBe(234);
    // ML-20M itself (116,677 training users, batch 500): this trainer drops the last partial
    // batch (233 updates per epoch, the paper's code 234), so 200,000 · 233 / 234 = 199,145.
    expect(autoAnnealSteps(116_677, 500)).toBe(199_145);
    // One update per epoch (ml-latest-small's ≈515 users in batches of 500): 855 updates,
    // so β reaches 0.2 after 171 epochs, as after 40,000 updates (171 epochs) on ML-20M.
    expect(autoAnnealSteps(515, 500)).toBe(855);
    expect(cappedBeta(171, 855, 0.2)).toBeCloseTo(0.2, 3);
    // Batch 50 on 256 users: 5 updates per epoch (the remainder is dropped).
    expect(updatesPerEpoch(256, 50)).toBe(5);
    expect(autoAnnealSteps(256, 50)).toBe(4274);
    // A batch larger than the data is one update per epoch.
    expect(updatesPerEpoch(100, 500)).toBe(1);
  });

  it('the panels’ β matches the model’s', () => {
    for (const [t, n, cap] of [
      [0, 100, 0.2],
      [10, 100, 0.2],
      [50, 100, 0.2],
      [7, 0, 0.3],
    ])
      expect(cappedBeta(t, n, cap)).toBe(annealedBeta(t, n, cap));
  });

  it('accepts auto or a whole number of steps, from the API, the select (text) and the URL', () => {
    const d = defaultSettings();
    expect(d.annealSteps).toBe('auto');
    expect(applyPatch(d, { annealSteps: 5000 }).settings.annealSteps).toBe(5000);
    expect(applyPatch(d, { annealSteps: '20000' }).settings.annealSteps).toBe(20000);
    expect(applyPatch(d, { annealSteps: 0 }).errors[0]).toMatch(/annealSteps must be at least 1/);
    expect(applyPatch(d, { annealSteps: 'soon' }).errors[0]).toMatch(/annealSteps must be "auto" or a whole number/);
    expect(applyPatch(d, { annealSteps: 'soon' }).ok).toBe(false);
    expect(applyPatch(d, { annealSteps: 2.5 }).ok).toBe(false);
    const s = { ...d, model: 'mult-vae' as const, dataset: 'movielens-100k' as const, annealSteps: 5000, betaCap: 0.3 };
    const back = decodeHash(encodeHash(s));
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it('declares which models use each recommender setting and whether it resets', () => {
    expect(modelsUsing('betaCap')).toEqual(['mult-vae']);
    expect(SETTINGS.betaCap.resets).toBe(false);
    expect(SETTINGS.annealSteps.resets).toBe(false);
    expect(modelsUsing('keepProb')).toEqual(['mult-vae', 'mult-dae', 'cdae']);
    expect(modelsUsing('weightDecay')).toEqual(['mult-dae', 'cdae', 'linear']);
    expect(SETTINGS.easeLambda.resets).toBe(true);
  });
});
