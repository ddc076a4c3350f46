import { describe, expect, it } from 'vitest';
import { CHAPTERS } from '../../src/learn/chapters';
import { CLAIMS, claimById, quoteClaim, resolveEvidence } from '../../src/learn/claims';
import { effectiveStep } from '../../src/learn/effective-step';
import { compare, describeEvidence, evidenceStatus, type Evidence } from '../../src/learn/evidence';
import { parseInline, parseProse } from '../../src/learn/prose-parse';
import { stepPatch } from '../../src/learn/step-preset';
import { PRESETS, PRESET_SPECS, presetSettings } from '../../src/settings/presets';
import { defaultSettings } from '../../src/settings/schema';

const questions = CHAPTERS.flatMap((c) => c.steps.map((s, i) => ({ chapter: c, index: i, where: `${c.id}/${i + 1}`, q: s.question }))).filter((x) => x.q);

describe('evidence gating (pure)', () => {
  const e: Evidence = { steps: 300, criterion: { series: 'pca/subspaceSimilarity', op: '>=', value: 0.9 }, show: ['test/loss'] };
  const h = (points: [number, number][]) => ({ 'pca/subspaceSimilarity': points.map(([step, value]) => ({ step, value })) });

  it('is not met before the steps have run, even when the metric already holds', () => {
    expect(evidenceStatus(e, { step: 299, history: h([[299, 0.99]]) }).met).toBe(false);
  });
  it('is not met when the metric has no point at or after the required step', () => {
    expect(evidenceStatus(e, { step: 300, history: h([[200, 0.95]]) }).met).toBe(false);
    expect(evidenceStatus(e, { step: 300, history: {} }).met).toBe(false);
  });
  it('is not met when the metric misses the criterion, and is met when it holds', () => {
    expect(evidenceStatus(e, { step: 300, history: h([[300, 0.89]]) }).met).toBe(false);
    const s = evidenceStatus(e, { step: 320, history: { ...h([[320, 0.93]]), 'test/loss': [{ step: 320, value: 27.1 }] } });
    expect(s.met).toBe(true);
    expect(s.measured).toEqual([
      { series: 'pca/subspaceSimilarity', point: { step: 320, value: 0.93 } },
      { series: 'test/loss', point: { step: 320, value: 27.1 } },
    ]);
  });
  it('steps alone: met exactly from the N-th step', () => {
    expect(evidenceStatus({ steps: 500 }, { step: 499, history: {} }).met).toBe(false);
    expect(evidenceStatus({ steps: 500 }, { step: 500, history: {} }).met).toBe(true);
  });
  it('compares strictly and loosely, and never passes NaN', () => {
    expect([compare(1, '<', 1), compare(1, '<=', 1), compare(1, '>', 1), compare(1, '>=', 1)]).toEqual([false, true, false, true]);
    expect(compare(NaN, '<', 1)).toBe(false);
    expect(compare(NaN, '>=', 0)).toBe(false);
  });
  it('describes itself for the learner', () => {
    expect(describeEvidence(e)).toBe('pca/subspaceSimilarity ≥ 0.9 after at least 300 steps');
    expect(describeEvidence({ steps: 1 })).toBe('1 step of training');
  });
});

describe('every question waits for evidence', () => {
  it('there are questions, and each declares evidence that a fresh run (step 0, no metrics) does not meet', () => {
    expect(questions.length).toBeGreaterThanOrEqual(19);
    for (const x of questions) {
      const e = resolveEvidence(x.q!.evidence);
      expect(e.steps >= 1 || e.criterion !== undefined, x.where).toBe(true);
      expect(evidenceStatus(e, { step: 0, history: {} }).met, x.where).toBe(false);
      // A fixed-steps run asks at least as many steps as its evidence needs.
      if (x.q!.run && x.q!.run !== 'play') expect(x.q!.run.steps, x.where).toBeGreaterThanOrEqual(e.steps);
    }
  });

  it('a question that cites a claim runs exactly the claim’s settings, so the claims test checks what the learner runs', () => {
    let cited = 0;
    for (const x of questions) {
      const ev = x.q!.evidence;
      if (!('claim' in ev)) continue;
      cited++;
      const c = claimById(ev.claim);
      const preset = effectiveStep(x.chapter, x.index).preset!;
      expect(stepPatch(preset, defaultSettings()), x.where).toEqual(stepPatch(c.settings, defaultSettings()));
    }
    expect(cited).toBeGreaterThanOrEqual(12);
  });
});

describe('claims', () => {
  it('have unique ids, a seed, steps and a criterion', () => {
    expect(new Set(CLAIMS.map((c) => c.id)).size).toBe(CLAIMS.length);
    for (const c of CLAIMS) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Number.isInteger(c.steps) && c.steps >= 1 && c.steps <= 2000, c.id).toBe(true);
      expect(Number.isInteger(c.seed), c.id).toBe(true);
      expect(Number.isFinite(c.criterion.value), c.id).toBe(true);
    }
  });

  it('prose reads a claim’s numbers with {claim:id}; an unknown id fails loudly', () => {
    const c = CLAIMS[0];
    expect(parseInline(`at {claim:${c.id}:steps} steps: {claim:${c.id}}.`)).toEqual([{ kind: 'text', value: `at ${c.steps.toLocaleString('en')} steps: ${c.criterion.value}.` }]);
    expect(quoteClaim(c.id)).toBe(String(c.criterion.value));
    expect(() => parseInline('{claim:no-such-claim}')).toThrow(/Unknown claim/);
  });

  it('every {claim:…} in the chapters names a declared claim', () => {
    for (const ch of CHAPTERS)
      for (const s of ch.steps) {
        const q = s.question;
        for (const text of [s.prose, ...(q ? [q.prompt, q.explanation, ...q.choices] : [])]) expect(() => parseProse(text), `${ch.id}: ${s.title}`).not.toThrow();
      }
  });

  it('every preset declares what its description promises', () => {
    for (const p of PRESETS) {
      expect(Number.isInteger(p.claim.steps) && p.claim.steps >= 1, p.id).toBe(true);
      expect(p.claim.series, p.id).toMatch(/^(train|test|val|diag|pca)\//);
    }
  });

  it('a preset description that quotes numbers quotes its claim’s value and step count, read from the claim', () => {
    /** Every number written in a text, thousands separators removed, percentages as fractions too. */
    const numbers = (text: string) =>
      [...text.matchAll(/(\d[\d,]*(?:\.\d+)?)(%?)/g)].flatMap(([, n, pct]) => {
        const v = Number(n.replace(/,/g, ''));
        return pct ? [v, v / 100] : [v];
      });
    const quotes = (text: string, v: number) => numbers(text).some((n) => Math.abs(n - v) <= 1e-9 * Math.max(1, Math.abs(v)));
    const stepCounts = (text: string) => [...text.matchAll(/(\d[\d,]*) steps\b/g)].map(([, n]) => Number(n.replace(/,/g, '')));
    let quoting = 0;
    for (const spec of PRESET_SPECS) {
      const p = PRESETS.find((x) => x.id === spec.id)!;
      const c = p.claim;
      if (typeof spec.description === 'function') {
        quoting++;
        expect(spec.description(c), p.id).toBe(p.description);
        expect(quotes(p.description, c.value), `${p.id} quotes its claim's value ${c.value}`).toBe(true);
        expect(stepCounts(p.description), `${p.id} quotes its claim's ${c.steps} steps`).toEqual([c.steps]);
        // Other numbers in the claim give other numbers in the text: the description reads them.
        const other = { ...c, value: 777.25, steps: 4321 };
        const text = spec.description(other);
        expect(quotes(text, other.value), `${p.id}: the value is read from the claim`).toBe(true);
        expect(quotes(text, c.value), `${p.id}: no copy of the value typed by hand`).toBe(false);
        expect(stepCounts(text), `${p.id}: the step count is read from the claim`).toEqual([other.steps]);
      } else {
        // A description written as a plain string quotes none of its claim's numbers.
        expect(quotes(p.description, c.value), `${p.id} types its claim's value by hand`).toBe(false);
        expect(quotes(p.description, c.steps), `${p.id} types its claim's step count by hand`).toBe(false);
      }
    }
    expect(quoting).toBeGreaterThanOrEqual(7);
  });

  it('a preset declared below a claim names one on the same series and step count', () => {
    for (const p of PRESETS) {
      if (!p.claim.below) continue;
      const c = claimById(p.claim.below);
      expect(c.criterion.series, p.id).toBe(p.claim.series);
      expect(c.steps, p.id).toBe(p.claim.steps);
    }
  });

  it('a preset and a claim that measure the same run at the same step promise the same', () => {
    const defaults = defaultSettings();
    let shared = 0;
    for (const p of PRESETS)
      for (const c of CLAIMS) {
        const same =
          c.seed === p.claim.seed &&
          c.steps === p.claim.steps &&
          c.criterion.series === p.claim.series &&
          JSON.stringify(stepPatch(c.settings, defaults)) === JSON.stringify(presetSettings(p, defaults));
        if (!same) continue;
        shared++;
        expect({ op: p.claim.op, value: p.claim.value, below: p.claim.below }, `preset ${p.id} against claim ${c.id}`).toEqual({
          op: c.criterion.op,
          value: c.criterion.value,
          below: c.below,
        });
      }
    // sparse-strokes, denoising, vae, vae-annealing and vae-collapse each repeat a walkthrough claim.
    expect(shared).toBeGreaterThanOrEqual(5);
  });
});
