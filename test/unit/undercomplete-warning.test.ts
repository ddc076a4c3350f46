import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/mnist-source';
import { CHAPTERS } from '../../src/learn/chapters';
import { PCA_K1_TEST_ERROR } from '../../src/learn/chapters/03-undercomplete-overcomplete';
import { resolveEvidence } from '../../src/learn/claims';
import { stepPatch } from '../../src/learn/step-preset';
import { fitPca, pcaReconstructionError } from '../../src/math/pca';
import { PRESETS, presetSettings } from '../../src/settings/presets';
import { defaultSettings } from '../../src/settings/schema';
import { useTestBackend } from './tf-setup';

// The undercomplete warning (K = 1 behind a deep, wide f and g). test/unit/claims.test.ts runs the
// preset's claim; this checks what the claim is measured against: PCA's K = 1 test error on the
// same split, the figure the preset and chapter 3 quote, and that the chapter's step runs exactly
// the preset and gates its explanation on the preset's claim.

const preset = PRESETS.find((p) => p.id === 'undercomplete-warning')!;
const step = CHAPTERS.find((c) => c.id === 'undercomplete-overcomplete')!.steps.find((s) => s.title === 'The undercomplete warning')!;

describe('the undercomplete warning', () => {
  beforeAll(useTestBackend);

  it('PCA with K = 1 scores the quoted test error on the seed-1 split, and the preset claims a test error below it', async () => {
    const d = await loadMnist(
      '',
      '10k',
      1,
      () => {},
      async (url) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url))),
    );
    const pca = await fitPca(d.train.images, d.train.n, d.dim);
    const k1 = await pcaReconstructionError(pca, 1, d.test.images, d.test.n);
    console.log(`PCA K = 1 test error ${k1.toFixed(3)}; preset claims test/loss ${preset.claim.op} ${preset.claim.value} after ${preset.claim.steps} steps`);
    expect(k1.toFixed(1)).toBe(String(PCA_K1_TEST_ERROR));
    expect(preset.description).toContain(`PCA with K = 1: ${PCA_K1_TEST_ERROR}`);
    expect(preset.claim).toMatchObject({ series: 'test/loss', op: '<=' });
    expect(preset.claim.value).toBeLessThan(k1 - 1);
  });

  it('is a deep, wide f and g around a one-number code', () => {
    expect(preset.settings).toMatchObject({ model: 'autoencoder', latent: 1, hiddenLayers: '256-256' });
  });

  it('chapter 3’s step runs exactly the preset and waits for the preset’s own claim', () => {
    expect(stepPatch(step.preset!, defaultSettings())).toEqual(presetSettings(preset, defaultSettings()));
    const e = resolveEvidence(step.question!.evidence);
    expect(e.steps).toBe(preset.claim.steps);
    expect(e.criterion).toEqual({ series: preset.claim.series, op: preset.claim.op, value: preset.claim.value });
  });
});
