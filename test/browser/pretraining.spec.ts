import { expect, test } from '@playwright/test';

// Chapter 7's pre-training step on WASM: the step sets the lab to its sigmoid 784-256-32 network,
// the panel pre-trains two layers, fine-tunes the stack and trains it from random init, draws both
// curves and says which way the run went; the worker's tensor count is flat around it.
test('pre-training step: the panel runs both starts, overlays the curves, reads the figures, leaks nothing', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?paused#/learn/deep-features/2?v=1&backend=wasm');
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  await expect(page.getByTestId('step-status')).toHaveAttribute('data-state', 'applied');
  const state = await page.evaluate(() => window.lab.state());
  expect([state.model, state.hiddenLayers, state.latent, state.activation, state.lossKind]).toEqual(['autoencoder', '256', 32, 'sigmoid', 'squared']);
  const panel = page.getByTestId('learn-panels').locator('[data-panel="pretraining"]');
  await expect(panel).toHaveClass(/highlight/);
  // A few steps first: the run's optimizer state and checkpoint exist from its first chunk on.
  await page.evaluate(() => window.lab.step(5));
  const before = await page.evaluate(() => window.lab.memory().then((m) => m.numTensors));

  await page.getByTestId('pretraining-run').click();
  await expect(page.getByTestId('pretraining-progress')).toContainText(/Pre-training layer 1 of 2/);
  await expect(page.getByTestId('pretraining-verdict')).toBeVisible({ timeout: 200_000 });
  // Both lines are drawn, and the sigmoid run says pre-training helped (the claims test's seed).
  await expect(page.getByTestId('pretraining-chart').locator('.recharts-line')).toHaveCount(2);
  await expect(page.getByTestId('pretraining-verdict')).toContainText('Here pre-training helped.');
  const table = page.getByTestId('pretraining-table');
  expect(Number(await table.getAttribute('data-end-pretrained'))).toBeLessThan(Number(await table.getAttribute('data-end-random')));
  expect(await page.evaluate(() => window.lab.memory().then((m) => m.numTensors))).toBe(before);
  // The lab's own run was left as it was: at step 5, and it trains on.
  expect(await page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step)).toBe(5);
  await page.evaluate(() => window.lab.step(5));
  expect(await page.evaluate(() => window.lab.memory().then((m) => m.numTensors))).toBe(before);
  await panel.screenshot({ path: 'test-results/pretraining-wasm.png' });
  expect(errors).toEqual([]);
});
