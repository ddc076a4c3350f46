import { expect, test } from '@playwright/test';
import { PICTURE_PANELS, gpuTest, hide, openGpuLab, openLab } from './helpers';

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

// The same comparison on WebGPU (SwiftShader: a small stack and few updates), in the shared WebGPU
// page: it runs on the device, leaks nothing, and gives the figures WASM gives on the same seed.
gpuTest('pre-training on WebGPU: the rungs and both starts train on the device, tensors flat, the figures match WASM', async ({ page, gpuPage }) => {
  const args = { layers: [32, 4], activation: 'sigmoid' as const, stepsPerLayer: 12, fineTuneSteps: 12, seed: 1, every: 12 };
  await openGpuLab(
    gpuPage,
    `model=autoencoder&hiddenLayers=32&latent=4&activation=sigmoid&lossKind=squared&${hide('weights', 'reconstructions', 'code-activity', 'drawing-pad', 'jacobian', 'sensitivity', ...PICTURE_PANELS)}`,
  );
  expect((await gpuPage.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  await gpuPage.evaluate(() => window.lab.step(3));
  const before = await gpuPage.evaluate(() => window.lab.memory().then((m) => m.numTensors));
  const gpu = await gpuPage.evaluate((a) => window.lab.pretrain(a), args);
  expect(await gpuPage.evaluate(() => window.lab.memory().then((m) => m.numTensors))).toBe(before);
  expect((await gpuPage.evaluate(() => window.lab.evaluate())).step).toBe(3);
  expect(gpu.rungs).toHaveLength(2);
  for (const rung of gpu.rungs) expect(rung.curve.at(-1)!.loss).toBeLessThan(rung.curve[0].loss);
  expect(gpu.pretrained.at(-1)!.loss).toBeLessThan(gpu.pretrained[0].loss);
  expect(gpu.random.at(-1)!.step).toBe(36);

  await openLab(page, 'backend=wasm&model=autoencoder&hiddenLayers=32&latent=4&activation=sigmoid&lossKind=squared');
  const wasm = await page.evaluate((a) => window.lab.pretrain(a), args);
  console.log(
    `pre-training 784-32-4 sigmoid, end test loss: WebGPU pretrained ${gpu.pretrained.at(-1)!.loss.toFixed(3)}, random ${gpu.random.at(-1)!.loss.toFixed(3)}; WASM ${wasm.pretrained.at(-1)!.loss.toFixed(3)}, ${wasm.random.at(-1)!.loss.toFixed(3)}`,
  );
  expect(Math.abs(gpu.pretrained.at(-1)!.loss / wasm.pretrained.at(-1)!.loss - 1)).toBeLessThan(0.01);
  expect(Math.abs(gpu.random.at(-1)!.loss / wasm.random.at(-1)!.loss - 1)).toBeLessThan(0.01);
});
