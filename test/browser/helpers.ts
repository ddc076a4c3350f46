import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

/** Opens the lab paused (no autoplay) with the given hash settings and waits until it is ready. */
export async function openLab(page: Page, hashParams = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?paused#/lab?v=1${hashParams ? `&${hashParams}` : ''}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  expect(errors).toEqual([]);
}

/**
 * One WebGPU page for the whole run. On SwiftShader most of a WebGPU test's time is compiling
 * tfjs's WGSL pipelines, which a page keeps: so the WebGPU tests share this page (a worker
 * fixture; a failed test gets a fresh one) and switch settings as a user editing the link does.
 */
export const gpuTest = test.extend<object, { gpuPage: Page }>({
  gpuPage: [
    async ({ browser }, use) => {
      const page = await browser.newPage({
        baseURL: `http://localhost:${process.env.LAB_TEST_PORT ?? 4179}/`,
        viewport: { width: 1400, height: 1000 },
        serviceWorkers: 'block',
      });
      await use(page);
      await page.close();
    },
    { scope: 'worker' },
  ],
});

/**
 * A link's part that hides the named panels. A hidden panel is not mounted, so it asks the worker
 * nothing: on SwiftShader each live panel's query costs seconds, so a WebGPU test shows only
 * the panels it checks (the WASM tests check the others).
 */
export const hide = (...panels: string[]): string => `hiddenPanels=${panels.join(',')}`;
/** The image panels a WebGPU test leaves out unless it checks them (pictures.spec checks them). */
export const PICTURE_PANELS = ['code-view', 'feature-probe', 'code-map', 'random-codes', 'compare'];

/**
 * openLab on the shared WebGPU page: the first time it loads the lab; later it sets the link's
 * hash (every setting not named returns to its default), waits until the lab has applied it,
 * and, unless that started one, resets to a fresh run on the same seed, so each test starts at
 * step 0 as on a new page.
 */
export async function openGpuLab(page: Page, hashParams: string): Promise<void> {
  const params = `backend=webgpu${hashParams ? `&${hashParams}` : ''}`;
  if (!page.url().includes('#/lab')) return openLab(page, params);
  const errors: string[] = [];
  const onError = (e: Error) => errors.push(e.message);
  page.on('pageerror', onError);
  await page.evaluate((h) => (location.hash = h), `#/lab?v=1&${params}`);
  const wanted = Object.fromEntries(new URLSearchParams(params));
  await expect
    .poll(() => page.evaluate((w) => Object.entries(w).every(([k, v]) => String((window.lab.state() as unknown as Record<string, unknown>)[k]) === v), wanted), { timeout: 60_000 })
    .toBe(true);
  await page.evaluate(() => window.lab.ready());
  // A new architecture already started a fresh run on the seed (no training loss yet): a reset
  // would build it again, which costs SwiftShader seconds; otherwise reset to step 0.
  if (await page.evaluate(() => (window.lab.metrics()['train/loss']?.length ?? 0) > 0)) await page.evaluate(() => window.lab.reset());
  page.off('pageerror', onError);
  expect(errors).toEqual([]);
}

/**
 * Scrolls a panel into view, as a learner scrolls to it: a panel off screen holds still while the
 * lab trains (state/offscreen.ts), so a test reads a panel only once it has looked at it.
 */
export async function look(page: Page, panel: string): Promise<void> {
  await page.locator(`[data-panel="${panel}"]`).scrollIntoViewIfNeeded();
}

/** Fraction of a canvas's pixels that differ from its first pixel: 0 for a blank canvas. */
export async function canvasInk(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let differ = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) differ++;
    return differ / (d.length / 4);
  });
}

export async function seriesValues(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => (window.lab.metrics()[n] ?? []).map((p) => p.value), name);
}

export type MovieLensRelease = 'ml-100k' | 'ml-latest-small';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Where the served lab finds each release (scripts/local-only-datasets.ts): ml-latest-small ships
 * in the build (LAB_DIST, default dist/); ml-100k, which may not be redistributed, is served by
 * the preview server from public/. LAB_MOVIELENS_PUBLIC points the check at another public/
 * folder (an empty one shows the skips without moving the data).
 */
const RELEASE_FILES: Record<MovieLensRelease, () => string[]> = {
  'ml-100k': () => ['u.data', 'u.item'].map((f) => resolve(repo, process.env.LAB_MOVIELENS_PUBLIC ?? 'public', 'datasets/movielens/ml-100k', f)),
  'ml-latest-small': () => ['ratings.csv', 'movies.csv'].map((f) => resolve(repo, process.env.LAB_DIST ?? 'dist', 'datasets/movielens/ml-latest-small', f)),
};

/** Why a test that needs these MovieLens releases cannot run here (files checked on disk, never waited for); null when it can. */
export function movieLensMissing(...releases: MovieLensRelease[]): string | null {
  const missing = releases.filter((r) => RELEASE_FILES[r]().some((f) => !existsSync(f)));
  if (!missing.length) return null;
  // ml-latest-small is read from the build, so it needs one after the data.
  const build = missing.includes('ml-latest-small') ? ' then npm run build' : '';
  return `MovieLens ${missing.join(' and ')} not prepared: run MOVIELENS_DIR=/path/to/movielens npm run data${build}`;
}

/** Skips the test (or, at file level, the file's tests) with a one-line reason when a release is not there. */
export function needsMovieLens(...releases: MovieLensRelease[]): void {
  const why = movieLensMissing(...releases);
  // The list reporter shows no skip reasons: say it once on the console too.
  if (why && !told.has(why)) console.log(`skipped: ${told.add(why) && why}`);
  test.skip(why !== null, why ?? '');
}
const told = new Set<string>();
