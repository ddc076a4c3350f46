import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';

describe('settings validation', () => {
  it('applies a valid patch and says which keys need a reset', () => {
    const r = applyPatch(defaultSettings(), { latent: 32, learningRate: 0.01 });
    expect(r.ok).toBe(true);
    expect(r.settings.latent).toBe(32);
    expect(r.resetKeys).toEqual(['latent']);
  });

  it('refuses out-of-range, wrongly typed and unknown settings, applying nothing', () => {
    const base = defaultSettings();
    const r = applyPatch(base, { latent: 0, learningRate: 0.01 });
    expect(r.ok).toBe(false);
    expect(r.settings).toBe(base);
    expect(r.errors[0]).toMatch(/latent must be at least 1 \(got 0\)/);
    expect(applyPatch(base, { learningRate: -1 }).errors[0]).toMatch(/learningRate must be above 0/);
    expect(applyPatch(base, { learningRate: Number.NaN }).ok).toBe(false);
    expect(applyPatch(base, { latent: 2.5 }).errors[0]).toMatch(/whole number/);
    expect(applyPatch(base, { model: 'gan' }).errors[0]).toMatch(/model must be one of/);
    expect(applyPatch(base, { colour: 'red' }).errors[0]).toMatch(/Unknown setting "colour"/);
  });
});

describe('hidden panels', () => {
  it('are a comma-separated list of panel names that round-trips through the link; anything else is refused', () => {
    const s = { ...defaultSettings(), hiddenPanels: 'weights,vae-kl-bars' };
    expect(decodeHash(encodeHash(s)).settings.hiddenPanels).toBe('weights,vae-kl-bars');
    expect(applyPatch(defaultSettings(), { hiddenPanels: '' }).ok).toBe(true);
    for (const bad of ['weights,', ',weights', 'Weights', 'weights reconstructions', 'a'.repeat(401)]) {
      expect(applyPatch(defaultSettings(), { hiddenPanels: bad }).ok, bad).toBe(false);
    }
    const tampered = decodeHash('#/lab?v=1&hiddenPanels=%3Cscript%3E');
    expect(tampered.settings.hiddenPanels).toBe('');
    expect(tampered.notices.join(' ')).toMatch(/hiddenPanels/);
  });
});

describe('URL hash', () => {
  it('round-trips settings, writing only non-defaults', () => {
    const s = { ...defaultSettings(), latent: 32, tiedWeights: true, learningRate: 0.0005 };
    const hash = encodeHash(s);
    expect(hash).toBe('#/lab?v=1&latent=32&tiedWeights=true&learningRate=0.0005');
    const back = decodeHash(hash);
    expect(back.settings).toEqual(s);
    expect(back.notices).toEqual([]);
  });

  it('falls back to defaults with a notice for tampered values', () => {
    const back = decodeHash('#/lab?v=1&latent=-3&model=gan&learningRate=abc&bogus=1&tiedWeights=yes&batchSize=128');
    const d = defaultSettings();
    expect(back.settings).toEqual({ ...d, batchSize: 128 });
    expect(back.notices).toHaveLength(5);
    expect(back.notices.join(' ')).toMatch(/latent=-3 is invalid/);
    expect(back.notices.join(' ')).toMatch(/"bogus" is unknown/);
    expect(decodeHash('').settings).toEqual(d);
    expect(decodeHash('#%%%garbage').route).toBe('%%%garbage');
  });
});

describe('presets', () => {
  it('every available preset is valid against the schema; unavailable ones name a missing model', async () => {
    const { PRESETS, presetAvailable, presetSettings } = await import('../../src/settings/presets');
    const MODELS = (await import('../../src/families')).modelNames();
    let available = 0;
    for (const p of PRESETS) {
      if (!presetAvailable(p)) {
        expect(MODELS as readonly string[]).not.toContain(p.model);
        continue;
      }
      available++;
      const current = { ...defaultSettings(), latent: 3, seed: 9, logScale: false };
      const r = applyPatch(current, presetSettings(p, current));
      expect(r.errors, p.id).toEqual([]);
      expect(r.settings.model).toBe(p.model);
      expect(r.settings.seed).toBe(1); // back to the default
      expect(r.settings.logScale).toBe(false); // view settings kept
    }
    expect(available).toBeGreaterThanOrEqual(2);
  });
});
