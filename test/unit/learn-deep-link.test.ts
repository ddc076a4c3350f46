import { describe, expect, it } from 'vitest';
import { learnRoute, neighbourStep, parseLearnRoute, resolveLearnRoute } from '../../src/learn/deep-link';
import type { Chapter } from '../../src/learn/types';

const step = (title: string) => ({ title, prose: title });
const chapters: Chapter[] = [
  { id: 'linear-pca', title: 'PCA', summary: '', steps: [step('a'), step('b'), step('c')] },
  { id: 'vae', title: 'VAE', summary: '', steps: [step('d'), step('e')] },
];

describe('parseLearnRoute', () => {
  it('reads the chapter and the 1-based step', () => {
    expect(parseLearnRoute('/learn/vae/3')).toEqual({ chapterId: 'vae', step: 3 });
    expect(parseLearnRoute('/learn/linear-pca/12')).toEqual({ chapterId: 'linear-pca', step: 12 });
    expect(parseLearnRoute('/learn/vae')).toEqual({ chapterId: 'vae', step: null });
    expect(parseLearnRoute('/learn')).toEqual({ chapterId: null, step: null });
    expect(parseLearnRoute('/learn/')).toEqual({ chapterId: null, step: null });
    expect(parseLearnRoute('learn/vae/2')).toEqual({ chapterId: 'vae', step: 2 });
  });

  it('ignores a query string or fragment after the route', () => {
    expect(parseLearnRoute('/learn/vae/2?v=1&latent=2')).toEqual({ chapterId: 'vae', step: 2 });
  });

  it('gives step null for zero, negative, fractional and non-numeric steps', () => {
    for (const bad of ['0', '-1', '2.5', 'two', '1e2', '']) expect(parseLearnRoute(`/learn/vae/${bad}`)?.step ?? null).toBeNull();
  });

  it('is null outside /learn', () => {
    expect(parseLearnRoute('/lab')).toBeNull();
    expect(parseLearnRoute('/learning/vae/1')).toBeNull();
    expect(parseLearnRoute('')).toBeNull();
  });

  it('round-trips with learnRoute', () => {
    expect(learnRoute('vae', 3)).toBe('/learn/vae/3');
    expect(parseLearnRoute(learnRoute('beta-kl', 4))).toEqual({ chapterId: 'beta-kl', step: 4 });
  });
});

describe('resolveLearnRoute', () => {
  it('resolves a step to 0-based indices', () => {
    const r = resolveLearnRoute('/learn/vae/2', chapters);
    expect(r.view).toBe('step');
    if (r.view !== 'step') return;
    expect([r.chapter.id, r.chapterIndex, r.stepIndex, r.notice]).toEqual(['vae', 1, 1, undefined]);
  });

  it('opens step 1 of a chapter without a step, with no notice', () => {
    const r = resolveLearnRoute('/learn/linear-pca', chapters);
    expect(r.view === 'step' && [r.stepIndex, r.notice]).toEqual([0, undefined]);
  });

  it('clamps a step past the end to the last one, and says so', () => {
    const r = resolveLearnRoute('/learn/linear-pca/9', chapters);
    expect(r.view === 'step' && r.stepIndex).toBe(2);
    expect(r.notice).toMatch(/has 3 steps; showing step 3/);
  });

  it('falls back to step 1 for a step that is not a number, and says so', () => {
    const r = resolveLearnRoute('/learn/vae/x', chapters);
    expect(r.view === 'step' && r.stepIndex).toBe(0);
    expect(r.notice).toMatch(/"x" is not a step number/);
  });

  it('shows the chapter list for an unknown chapter, with a notice', () => {
    const r = resolveLearnRoute('/learn/gan/1', chapters);
    expect(r.view).toBe('index');
    expect(r.notice).toMatch(/no chapter "gan"/);
    expect(resolveLearnRoute('/learn', chapters)).toEqual({ view: 'index' });
  });
});

describe('neighbourStep', () => {
  it('moves within a chapter and across chapter boundaries, and stops at the ends', () => {
    expect(neighbourStep(chapters, 0, 0, 1)).toBe('/learn/linear-pca/2');
    expect(neighbourStep(chapters, 0, 2, 1)).toBe('/learn/vae/1');
    expect(neighbourStep(chapters, 1, 0, -1)).toBe('/learn/linear-pca/3');
    expect(neighbourStep(chapters, 0, 0, -1)).toBeNull();
    expect(neighbourStep(chapters, 1, 1, 1)).toBeNull();
  });
});
