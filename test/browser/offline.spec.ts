import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveFolder } from './static-server';

// The PWA promise: served from a plain folder server (no COOP/COEP headers), one online visit
// installs the service worker; then, with no network at all, the lab reloads, trains, and is
// cross-origin isolated (the worker adds the headers, so WASM has its threads).
const DIST = process.env.LAB_DIST ?? 'dist';
const PORT = 4192;

test.use({ serviceWorkers: 'allow' });

/** Reads a value from the page, or undefined while a reload has it between documents. */
const look = <T>(page: Page, fn: () => T) => page.evaluate(fn).catch(() => undefined);

/** The first visit: the host sends no headers; the worker precaches, takes control, and the page reloads once to take the headers. */
async function firstVisit(page: Page, url: string, loads: () => number): Promise<void> {
  await page.goto(`${url}?paused#/lab?v=1&backend=wasm`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect.poll(() => look(page, () => navigator.serviceWorker.controller !== null && crossOriginIsolated), { timeout: 90_000 }).toBe(true);
  await page.waitForLoadState('load');
  expect(loads()).toBe(2); // one reload, not a loop
}

test('after one visit the lab works offline and cross-origin isolated', async ({ browser }) => {
  expect(existsSync(join(DIST, 'sw.js')), `${DIST}/sw.js is missing: build first (npm run build, or LAB_DIST=<folder>)`).toBe(true);
  const server = await serveFolder(DIST, PORT);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let loads = 0;
    page.on('load', () => loads++);

    await firstVisit(page, server.url, () => loads);

    // No network: the browser is offline and the server is gone (the browser's own update check
    // of sw.js ignores the offline emulation; with the server gone it fails, as it would offline).
    await context.setOffline(true);
    await server.close();
    await page.reload();
    await page.waitForFunction(() => typeof window.lab?.ready === 'function');
    await page.evaluate(() => window.lab.ready());
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const { backend, cores } = await page.evaluate(() => ({ backend: window.lab.backend(), cores: navigator.hardwareConcurrency }));
    expect(backend).toMatchObject({ name: 'wasm', isolated: true, threads: Math.min(Math.max(1, cores - 1), 8) });

    const before = await page.evaluate(() => window.lab.evaluate());
    await page.evaluate(() => window.lab.step(30));
    const after = await page.evaluate(() => window.lab.evaluate());
    expect(after.step).toBe(30);
    expect(after.loss).toBeLessThan(before.loss);

    // Installable: the page links a web manifest with a name and a 512 px PNG icon (offline too).
    const manifest = await page.evaluate(() =>
      fetch(document.querySelector('link[rel="manifest"]')!.getAttribute('href')!).then((r) => r.json() as Promise<{ name: string; icons: { sizes: string; type: string }[] }>),
    );
    expect(manifest.name).toBe('Autoencoder Lab');
    expect(manifest.icons).toContainEqual(expect.objectContaining({ sizes: '512x512', type: 'image/png' }));

    // The shipped MovieLens release is there offline too, when the build carries it.
    if (existsSync(join(DIST, 'datasets/movielens/ml-latest-small/ratings.csv'))) {
      const size = await page.evaluate(() =>
        fetch('datasets/movielens/ml-latest-small/ratings.csv')
          .then((r) => r.blob())
          .then((b) => b.size),
      );
      expect(size).toBeGreaterThan(1_000_000);
    }

    // Isolation is what gives WASM its threads: two, asked for, offline too.
    await page.goto(`${server.url}?paused&threads=2#/lab?v=1&backend=wasm`);
    await page.waitForFunction(() => typeof window.lab?.ready === 'function');
    await page.evaluate(() => window.lab.ready());
    expect(await page.evaluate(() => window.lab.backend())).toMatchObject({ name: 'wasm', isolated: true, threads: 2 });

    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
});

// Kept apart from the offline test: after Playwright's offline emulation the old worker can be left
// with a request that never settles, which holds any new worker back in that context.
test('a new version is offered on the next visit, and accepting it reloads the page onto it', async ({ browser }) => {
  const server = await serveFolder(DIST, PORT);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let loads = 0;
    page.on('load', () => loads++);
    await firstVisit(page, server.url, () => loads);

    // The host has a new version: the next visit installs it and offers it.
    server.override('/sw.js', `${readFileSync(join(DIST, 'sw.js'), 'utf8')}\n// a new version\n`);
    await page.reload();
    const notice = page.getByTestId('update-notice');
    await expect(notice).toContainText('A new version of the lab is ready');
    await notice.getByRole('button').click();
    await expect.poll(() => loads, { timeout: 60_000 }).toBe(4); // the accepted version reloads the page
    await page.waitForFunction(() => typeof window.lab?.ready === 'function');
    await expect(notice).toHaveCount(0);
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting === null && r.active !== null))).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
});
