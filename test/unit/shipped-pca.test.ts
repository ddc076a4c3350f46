import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { pcaFileName } from '../../src/data/pca-file';
import type { ImageReference } from '../../src/engine/protocol';
import { quotePca } from '../../src/learn/pca-figures';
import { defaultSettings } from '../../src/settings/schema';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

// Counts the image task's PCA fits (the 784×784 eigendecomposition the shipped file saves).
const fits = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/engine/own-images-pca', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/engine/own-images-pca')>();
  return { ...original, fitPcaOfSplit: (...args: Parameters<typeof original.fitPcaOfSplit>) => (fits.count++, original.fitPcaOfSplit(...args)) };
});

const shipped = existsSync(new URL(`../../public/datasets/${pcaFileName(1)}`, import.meta.url));

describe.skipIf(!shipped)('the shipped PCA (public/datasets, made by npm run data)', () => {
  beforeAll(useTestBackend);

  it('gives seed 1’s run its full reference without a fit, also for later runs; another seed’s split is fitted once', async () => {
    const t = createTestSession();
    await t.init({ latent: 10 });
    const ref = t.last('reference')!.reference as ImageReference;
    expect(ref.pcaTest!.toFixed(1)).toBe(quotePca(10)); // the figure the chapters quote
    await t.step(2);
    await t.session.handle({ type: 'settings', id: 90, settings: { ...defaultSettings(), latent: 4 } } as never);
    expect((t.last('reference')!.reference as ImageReference).pcaTest!).toBeGreaterThan(ref.pcaTest!);
    expect(fits.count).toBe(0);

    await t.session.handle({ type: 'settings', id: 91, settings: { ...defaultSettings(), latent: 4, seed: 2 } } as never);
    expect((t.last('reference')!.reference as ImageReference).pcaTest!).toBeGreaterThan(0);
    expect(fits.count).toBe(1);
  });
});
