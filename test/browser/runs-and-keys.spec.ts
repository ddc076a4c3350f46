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
