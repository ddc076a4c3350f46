import { describe, expect, it } from 'vitest';
import { effectiveStep, presetHolds } from '../../src/learn/effective-step';
import { CHAPTERS } from '../../src/learn/chapters';
import { mathIn, parseProse } from '../../src/learn/prose-parse';
import { applyStepPreset, stepPatch } from '../../src/learn/step-preset';
import { renderTex } from '../../src/learn/tex-render';
import { PANEL_NAMES, type Step } from '../../src/learn/types';
import { RHO_HAT_EPSILON } from '../../src/models/sparsity';
import { PRESETS, presetSettings } from '../../src/settings/presets';
import { defaultSettings } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';

const allSteps = CHAPTERS.flatMap((c) => c.steps.map((s, i) => ({ chapter: c.id, n: i + 1, step: s })));
const where = (x: { chapter: string; n: number }) => `${x.chapter}/${x.n}`;

/** Every text of a step that is rendered with the prose renderer. */
function texts(s: Step): string[] {
  const q = s.question;
  return [s.prose, ...(q ? [q.prompt, ...q.choices, q.explanation] : [])];
}

describe('chapters', () => {
  it('are the twelve of the issues, in order, with unique kebab-case ids and a few steps each', () => {
    expect(CHAPTERS.map((c) => c.id)).toEqual([
      'encoder-decoder',
      'linear-pca',
      'undercomplete-overcomplete',
      'sparse',
      'denoising',
      'contractive',
      'deep-features',
      'vae',
      'beta-kl',
      'recommenders',
      'rating-matrices',
      'linear-recommenders',
    ]);
    for (const c of CHAPTERS) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.steps.length, c.id).toBeGreaterThanOrEqual(3);
      expect(c.steps.length, c.id).toBeLessThanOrEqual(6);
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.summary.length).toBeGreaterThan(20);
    }
  });

  it('every step has a title and real prose, and names only known panels', () => {
    for (const x of allSteps) {
      expect(x.step.title.length, where(x)).toBeGreaterThan(3);
      expect(x.step.prose.length, where(x)).toBeGreaterThan(60);
      for (const p of x.step.panels ?? []) expect(PANEL_NAMES, where(x)).toContain(p);
      // A highlight must point at an embedded panel (or at one of the model's own panels).
      if (x.step.highlight) {
        const panels: string[] = x.step.panels ?? [];
        expect(panels.includes(x.step.highlight) || panels.includes('model'), where(x)).toBe(true);
      }
    }
  });

  it('every question has at least two choices, a valid answer, an explanation, and a sensible run', () => {
    const questions = allSteps.filter((x) => x.step.question);
    expect(questions.length).toBeGreaterThanOrEqual(11);
    for (const x of questions) {
      const q = x.step.question!;
      expect(q.choices.length, where(x)).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.choices.length, where(x)).toBe(true);
      expect(new Set(q.choices).size, where(x)).toBe(q.choices.length);
      expect(q.explanation.length, where(x)).toBeGreaterThan(40);
      if (q.run && q.run !== 'play') expect(Number.isInteger(q.run.steps) && q.run.steps >= 1 && q.run.steps <= 2000, where(x)).toBe(true);
      // Something to watch: a question runs the lab, so it must show at least one panel.
      expect(x.step.panels?.length ?? 0, where(x)).toBeGreaterThan(0);
    }
  });

  it('every formula renders with KaTeX (strict) and no stray $ is left in the text', () => {
    let formulas = 0;
    for (const x of allSteps) {
      for (const text of texts(x.step)) {
        for (const m of mathIn(text)) {
          formulas++;
          expect(() => renderTex(m.tex, m.display), `${where(x)}: ${m.tex}`).not.toThrow();
        }
        for (const b of parseProse(text)) {
          const inlines = b.kind === 'paragraph' ? b.inlines : b.kind === 'list' ? b.items.flat() : [];
          for (const i of inlines) if (i.kind !== 'math') expect(i.value, `${where(x)}: unbalanced $ in "${i.value}"`).not.toContain('$');
        }
      }
    }
    expect(formulas).toBeGreaterThan(60);
  });

  it('every preset validates against the schema and puts the lab in exactly its state', () => {
    const defaults = defaultSettings();
    let presets = 0;
    for (const x of allSteps) {
      const preset = x.step.preset;
      if (!preset) continue;
      presets++;
      const r = applyPatch(defaults, stepPatch(preset, defaults));
      expect(r.errors, where(x)).toEqual([]);
      // The lab ends up in exactly the step's state.
      for (const [k, v] of Object.entries(preset)) expect((r.settings as Record<string, unknown>)[k], `${where(x)}: ${k}`).toBe(v);
    }
    // Every chapter runs: the linear ones, the regularizers, the VAEs and the recommenders.
    expect(presets).toBeGreaterThanOrEqual(20);
    for (const c of CHAPTERS)
      expect(
        c.steps.some((st) => st.preset),
        c.id,
      ).toBe(true);
  });
});

describe('applyStepPreset', () => {
  it('sets the defaults plus the preset, keeps backend and view settings, then resets', async () => {
    const calls: string[] = [];
    const engine = {
      set: async (patch: Record<string, unknown>) => {
        calls.push(`set ${JSON.stringify(patch)}`);
        return defaultSettings();
      },
      reset: async () => void calls.push('reset'),
    };
    const current = { ...defaultSettings(), latent: 64, seed: 7, backend: 'wasm' as const, logScale: false };
    await applyStepPreset(engine, { model: 'linear', latent: 10 }, current);
    expect(calls).toEqual([`set ${JSON.stringify({ latent: 10, seed: 1, model: 'linear' })}`, 'reset']);
  });

  it('passes a refusal on and does not reset', async () => {
    const calls: string[] = [];
    const engine = {
      set: async () => {
        throw new Error('latent must be at most 784 (got 5000).');
      },
      reset: async () => void calls.push('reset'),
    };
    await expect(applyStepPreset(engine, { latent: 5000 }, defaultSettings())).rejects.toThrow(/at most 784/);
    expect(calls).toEqual([]);
  });
});

describe('effectiveStep', () => {
  const chapter = {
    id: 'c',
    title: 'C',
    summary: '',
    steps: [
      { title: 'prose only', prose: 'p' },
      { title: 'own', prose: 'p', preset: { model: 'sparse', latent: 8 } },
      { title: 'inherits', prose: 'p', panels: ['loss' as const] },
      { title: 'own again', prose: 'p', preset: { model: 'linear' } },
      { title: 'inherits the nearest', prose: 'p' },
    ],
  };

  it('uses a step’s own preset, else the nearest earlier one', () => {
    expect(effectiveStep(chapter, 0)).toMatchObject({ preset: undefined, own: false });
    expect(effectiveStep(chapter, 1)).toMatchObject({ preset: { model: 'sparse', latent: 8 }, own: true });
    const inherited = effectiveStep(chapter, 2);
    expect(inherited).toMatchObject({ preset: { model: 'sparse', latent: 8 }, own: false });
    expect(inherited.step.panels).toEqual(['loss']);
    expect(effectiveStep(chapter, 4).preset).toEqual({ model: 'linear' });
  });

  it('every deep-linked step of the real chapters opens on a model: no live step without a scenario', () => {
    for (const c of CHAPTERS) {
      c.steps.forEach((s, i) => {
        if (s.panels?.length || s.question) expect(effectiveStep(c, i).preset, `${c.id}/${i + 1}`).toBeDefined();
      });
    }
  });

  it('presetHolds compares only the preset’s own keys', () => {
    expect(presetHolds({ model: 'vae', latent: 2 }, { model: 'vae', latent: 2, seed: 9 })).toBe(true);
    expect(presetHolds({ model: 'vae', latent: 2 }, { model: 'vae', latent: 16 })).toBe(false);
  });
});

describe('chapter prose against the code and the presets', () => {
  it('chapter 4 quotes the clip the KL sparsity applies to ρ̂', () => {
    const [mantissa, exponent] = RHO_HAT_EPSILON.toExponential().split('e');
    expect(mantissa).toBe('1');
    const step = CHAPTERS.find((c) => c.id === 'sparse')!.steps.find((s) => s.prose.includes('grows large'))!;
    expect(step.prose).toContain(`$[10^{${Number(exponent)}}, 1 - 10^{${Number(exponent)}}]$`);
  });

  it('chapter 6’s first step, which quotes the contractive preset’s promise, runs that preset', () => {
    const preset = PRESETS.find((p) => p.id === 'contractive')!;
    const step = CHAPTERS.find((c) => c.id === 'contractive')!.steps[0];
    expect(stepPatch(step.preset!, defaultSettings())).toEqual(presetSettings(preset, defaultSettings()));
    expect(step.prose).toContain(`after ${preset.claim.steps} steps this run (the contractive preset's) is at most ${preset.claim.value}`);
    expect(preset.claim.below).toBe('plain-jacobian');
  });
});
