// A model family defined here, in a test file, with no edit anywhere else: it must show up
// in the model control, pass validation, round-trip through the URL, get its panels, and
// build and train through the worker's session.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { familyOf, isModelName, modelNames, modelsOfTask, registerFamily, type ModelName } from '../../src/families';
import { defineFamily } from '../../src/families/family';
import { familyPanels, modelPanels } from '../../src/panels/panel-registry';
import { defaultSettings, SETTINGS } from '../../src/settings/schema';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';
import { applyPatch } from '../../src/settings/validate';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

/** A linear autoencoder under another name, with the Jacobian panel borrowed. */
const fixture = defineFamily({
  name: 'fixture-ae',
  label: 'Fixture AE (test)',
  help: 'A test family: the linear autoencoder under another name.',
  task: 'images',
  settings: ['latent', 'tiedWeights'],
  live: [],
  trains: true,
  panels: ['loss', 'weights', 'jacobian'],
  queries: ['reconstruct'],
  build: async ({ settings, inputDim, seed }) =>
    (await import('../../src/models/linear-ae')).createLinearAe({ inputDim, latent: settings.latent, tiedWeights: settings.tiedWeights, bias: true, seed }),
});
registerFamily(fixture);
// The name is not in the compiled ModelName union: that is what "defined in a test" means.
const NAME = 'fixture-ae' as ModelName;

describe('a family defined in a test file', () => {
  beforeAll(useTestBackend);

  it('appears in the model control with its label, and among the image models', () => {
    const control = SETTINGS.model.control;
    expect(control.kind).toBe('select');
    const options = control.kind === 'select' ? control.options : [];
    expect(options).toContainEqual({ value: 'fixture-ae', label: 'Fixture AE (test)' });
    expect(modelNames()).toContain('fixture-ae');
    expect(modelsOfTask('images')).toContain('fixture-ae');
    expect(modelsOfTask('clicks')).not.toContain('fixture-ae');
    expect(familyOf(NAME).settings).toEqual(['latent', 'tiedWeights']);
  });

  it('is validated like any model: accepted, a typo refused naming it, and a MovieLens dataset switched back', () => {
    const r = applyPatch(defaultSettings(), { model: 'fixture-ae', latent: 8 });
    expect(r.ok).toBe(true);
    expect(r.settings.model).toBe('fixture-ae');
    const typo = applyPatch(defaultSettings(), { model: 'fixture-a' });
    expect(typo.ok).toBe(false);
    expect(typo.errors[0]).toMatch(/model must be one of: .*fixture-ae/);
    expect(isModelName('fixture-a')).toBe(false);
    const fromMovies = applyPatch({ ...defaultSettings(), model: 'mult-vae', dataset: 'movielens-latest-small' }, { model: 'fixture-ae' });
    expect(fromMovies.settings.dataset).toBe('mnist');
    expect(applyPatch(defaultSettings(), { model: 'fixture-ae', dataset: 'movielens-100k' }).errors[0]).toMatch(/fixture-ae model works on images/);
  });

  it('round-trips through the URL hash (what window.lab.set and a shared link both go through)', () => {
    const s = { ...defaultSettings(), model: NAME, latent: 8, tiedWeights: true };
    const hash = encodeHash(s);
    expect(hash).toContain('model=fixture-ae');
    const back = decodeHash(hash);
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it('gets the panels it lists, in order, and its own beyond the shared ones', () => {
    expect(familyPanels(NAME).map(([id]) => id)).toEqual(['loss', 'weights', 'jacobian']);
    expect(modelPanels(NAME).map(([id]) => id)).toEqual(['jacobian']);
    expect(familyPanels(NAME).every(([, Panel]) => typeof Panel === 'function')).toBe(true);
  });

  it('builds and trains in the session, and answers only the queries it declares', async () => {
    const t = createTestSession();
    await t.init({ model: NAME, latent: 8 });
    const first = await t.evaluate();
    await t.step(100);
    const after = await t.evaluate();
    expect(after.loss).toBeLessThan(first.loss * 0.8);
    const names = (await t.exportWeights()).map((w) => w.name).sort();
    expect(names).toEqual(['decoder/bias', 'decoder/kernel', 'encoder/bias', 'encoder/kernel']);
    expect(tf.memory().numTensors).toBeGreaterThan(0);
    await t.session.handle({ type: 'query', id: 999, name: 'interpolate', args: {} });
    const reply = t.messages.find((m) => m.type === 'reply' && m.id === 999);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/Fixture AE \(test\) model answers reconstruct, not "interpolate"/) });
  });
});
