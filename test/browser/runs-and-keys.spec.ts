import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

test('a run survives a reload, and an exported model re-imports and reconstructs identically', async ({ page }) => {
  await openLab(page, 'backend=wasm&latent=6&seed=3');
  await page.evaluate(() => window.lab.step(60));
  const trained = await page.evaluate(() => window.lab.evaluate());
  const rows = page.getByTestId('run-row');
  await expect(rows.first()).toContainText('step 60');

  // Export the model (model.json + weights.bin, zipped) while it is still current.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
  const zipPath = await download.path();
  expect(readFileSync(zipPath).subarray(0, 2).toString()).toBe('PK');

  // Reload: the run is still listed; opening it restores weights and history.
  await page.reload();
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  await expect(rows.first()).toContainText('step 60');
  await page
    .getByRole('button', { name: /^Open / })
    .first()
    .click();
  await expect.poll(() => page.evaluate(() => window.lab.evaluate().then((e) => e.step))).toBe(60);
  const reopened = await page.evaluate(() => window.lab.evaluate());
  expect(reopened.loss).toBeCloseTo(trained.loss, 4);
  expect((await page.evaluate(() => window.lab.metrics()['train/loss'] ?? [])).length).toBeGreaterThan(0);
  // The saved history, as saved: no point of the fresh model (step 0) or of the import after it, one test point at step 60.
  const testSteps = await page.evaluate(() => (window.lab.metrics()['test/loss'] ?? []).map((p) => p.step));
  expect(testSteps.filter((s) => s === 60)).toHaveLength(1);
  expect(testSteps.every((s, i) => i === 0 || s > testSteps[i - 1])).toBe(true);

  // Train on, then import the exported zip: the weights, and so the reconstructions, are back exactly.
  await page.evaluate(() => window.lab.step(20));
  await page.getByTestId('import-input').setInputFiles(zipPath);
  await expect.poll(() => page.evaluate(() => window.lab.evaluate().then((e) => e.step))).toBe(60);
  const imported = await page.evaluate(() => window.lab.evaluate());
  expect(imported.loss).toBe(trained.loss);

  // A file that is no model is refused with a message; the run stays.
  await page.getByTestId('import-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByTestId('notices')).toContainText(/Importing failed: .*current run is unchanged/);
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(60);
});

test('keyboard shortcuts: space, arrow, r, ?', async ({ page }) => {
  await openLab(page, 'backend=wasm&latent=4');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => window.lab.evaluate().then((e) => e.step))).toBe(1);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Pause/);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Play/);
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBeGreaterThan(1);
  await page.keyboard.press('r');
  await expect.poll(() => page.evaluate(() => window.lab.evaluate().then((e) => e.step))).toBe(0);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('play / pause');
});

test('saving while training reads no run back: the list follows each save from memory, and the oldest runs beyond 30 are still dropped', async ({ page }) => {
  await page.addInitScript(() => {
    const getAll = IDBObjectStore.prototype.getAll;
    const w = window as unknown as { runReads: number };
    w.runReads = 0;
    IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
      if (this.name === 'runs') w.runReads++;
      return getAll.apply(this, args);
    };
  });
  const reads = () => page.evaluate(() => (window as unknown as { runReads: number }).runReads);
  const rows = page.getByTestId('run-row');
  await openLab(page, 'backend=wasm&model=linear&latent=4');
  await expect.poll(reads).toBe(1); // the list, read once at start
  for (const n of [10, 20, 30]) {
    await page.evaluate(() => window.lab.step(10)); // a pause saves, with the weights
    await expect(rows.first()).toContainText(`step ${n}`);
  }
  expect(await reads()).toBe(1);

  // 30 older runs saved by another tab: shown when this tab is looked at again, then the next
  // save keeps 30 in all, dropping the oldest, with no read.
  const ids = await page.evaluate(async () => {
    const settings = window.lab.state();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('autoencoder-lab', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction('runs', 'readwrite');
    const ids = Array.from({ length: 30 }, (_, i) => `other-${i}`);
    ids.forEach((id, i) => tx.objectStore('runs').put({ id, name: id, createdAt: 1000 + i, updatedAt: 1000 + i, settings, history: {}, step: 1, weights: null, pinned: false }));
    await new Promise((done) => (tx.oncomplete = done));
    document.dispatchEvent(new Event('visibilitychange'));
    return ids;
  });
  await expect(rows).toHaveCount(31);
  expect(await reads()).toBe(2);
  await page.evaluate(() => window.lab.step(5));
  await expect(rows.first()).toContainText('step 35');
  await expect(rows).toHaveCount(30);
  await expect(page.getByTestId('runs-panel')).not.toContainText(ids[0]);
  expect(await reads()).toBe(2);
  const stored = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const req = indexedDB.open('autoencoder-lab', 1);
        req.onsuccess = () => {
          const get = req.result.transaction('runs').objectStore('runs').getAllKeys();
          get.onsuccess = () => resolve(get.result as string[]);
        };
      }),
  );
  expect(stored).toHaveLength(30);
  expect(stored).not.toContain(ids[0]);
  expect(stored).toContain(ids[1]);
});
