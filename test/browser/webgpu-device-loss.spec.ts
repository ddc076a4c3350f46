import { expect, type Page } from '@playwright/test';
import { PICTURE_PANELS, gpuTest, hide, openGpuLab } from './helpers';

type Points = { step: number; value: number }[];

/** Posts the worker's test hook from inside the worker: it destroys the WebGPU device in use. */
async function loseDevice(page: Page): Promise<void> {
  const workers = page.workers();
  expect(workers.length).toBeGreaterThan(0);
  // The engine is the module worker named lab-engine…; dispatching on its scope reaches the session's onmessage.
  const engine = workers.find((w) => /worker/.test(w.url())) ?? workers[0];
  await engine.evaluate(() => self.dispatchEvent(new MessageEvent('message', { data: { type: 'lose-device' } })));
}

const step = (page: Page) => page.evaluate(() => window.lab.evaluate().then((e) => e.step));
const trainLoss = (page: Page) => page.evaluate(() => window.lab.metrics()['train/loss'] as Points);

// SwiftShader's WebGPU is a CPU emulation: a small linear autoencoder and few steps, on the shared
// WebGPU page (its pipelines are compiled already). Losing the device leaves that page on WASM, so
// this file runs last in the WebGPU lane (its name sorts after the others').
gpuTest('a lost WebGPU device: the lab says so, training goes on on WASM from the last copied weights, the history stays', async ({ gpuPage: page }) => {
  await openGpuLab(page, `model=linear&latent=4&batchSize=32&${hide(...PICTURE_PANELS)}`);
  // Earlier tests on this page may have left notices: dismiss them, as a user would.
  for (const button of await page.getByTestId('notices').getByRole('button', { name: 'Dismiss' }).all()) await button.click();
  await expect(page.getByTestId('notices').locator('.notice')).toHaveCount(0);
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  await page.evaluate(() => window.lab.step(12)); // ends with a forced snapshot: a host copy at step 12
  const before = await trainLoss(page);
  expect(before.at(-1)?.step).toBe(12);
  const weights = await page.evaluate(() => window.lab.exportWeights());

  // Lost in the middle of step(400) (many seconds on SwiftShader): that call fails with the reason, and the run
  // rolls back on WASM to the last host copy: step 12's, or a later one if a live snapshot inside the call took
  // one (at most 5% of the time, ≥ 1 s apart). The loss waits until the call is under way.
  const interrupted = page.evaluate(() =>
    window.lab.step(400).then(
      () => 'finished',
      (e: Error) => e.message,
    ),
  );
  await page.waitForTimeout(1500);
  await loseDevice(page);
  expect(await interrupted).toMatch(/WebGPU device was lost during step\(400\)/);
  await expect(page.getByTestId('notices')).toContainText('The WebGPU device was lost', { timeout: 60_000 });
  const notice = (await page.getByTestId('notices').textContent()) ?? '';
  const resumed = Number(/Training continues on WASM from step (\d+), the weights last copied off the GPU/.exec(notice)?.[1]);
  expect(resumed).toBeGreaterThanOrEqual(12);
  expect(resumed).toBeLessThan(412);
  await expect.poll(() => page.evaluate(() => window.lab.backend()?.name)).toBe('wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');

  // Step 12's weights exactly when that was the last copy (a later copy has moved on from them); the step
  // count and the history go on from the copy's step.
  const moved = await page.evaluate(() => window.lab.exportWeights());
  let maxDiff = 0;
  for (const [name, w] of Object.entries(weights)) for (let i = 0; i < w.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(moved[name].values[i] - w.values[i]));
  if (resumed === 12) expect(maxDiff).toBe(0);
  else expect(maxDiff).toBeGreaterThan(0);
  console.log(`device lost during step(400): resumed on WASM from step ${resumed}`);
  expect(await step(page)).toBe(resumed);
  const kept = await trainLoss(page);
  expect(kept.slice(0, before.length)).toEqual(before);
  expect(kept.every((p) => p.step <= resumed)).toBe(true);
  await page.evaluate(() => window.lab.step(5)); // the fresh optimizer makes its slots on the first step
  const tensors = (await page.evaluate(() => window.lab.memory())).numTensors;
  await page.evaluate(() => window.lab.step(15));
  expect(await step(page)).toBe(resumed + 20);
  expect((await page.evaluate(() => window.lab.memory())).numTensors).toBe(tensors);
  const after = await trainLoss(page);
  expect(after.slice(0, before.length)).toEqual(before);
  expect(after.at(-1)?.step).toBe(resumed + 20);
  expect(after.at(-1)!.value).toBeLessThan(before[0].value);

  // Live training goes on there too; the only error shown is the one notice.
  await page.evaluate(() => window.lab.play());
  await expect.poll(() => page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step ?? 0), { timeout: 60_000 }).toBeGreaterThan(resumed + 40);
  await page.evaluate(() => window.lab.pause());
  const steps = (await trainLoss(page)).map((p) => p.step);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  await expect(page.getByTestId('notices').locator('.notice.error')).toHaveCount(1);
});
