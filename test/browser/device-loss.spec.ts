import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

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

// SwiftShader's WebGPU is a CPU emulation (opening the lab on it takes a minute or more here):
// one test, a small linear autoencoder and few steps.
test('a lost WebGPU device: the lab says so, training goes on on WASM from the last copied weights, the history stays', async ({ page }) => {
  await openLab(page, 'backend=webgpu&model=linear&latent=4&batchSize=32');
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  await page.evaluate(() => window.lab.step(12)); // ends with a forced snapshot: a host copy at step 12
  const before = await trainLoss(page);
  expect(before.at(-1)?.step).toBe(12);
  const weights = await page.evaluate(() => window.lab.exportWeights());

  // Lost in the middle of step(400) (many seconds on SwiftShader; no host copy is taken inside it): that call
  // fails with the reason, and the run rolls back to step 12 on WASM. The loss waits until the call is under way.
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
  await expect(page.getByTestId('notices')).toContainText('Training continues on WASM from step 12');
  await expect.poll(() => page.evaluate(() => window.lab.backend()?.name)).toBe('wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');

  // The same weights, now on WASM; the step count and the history go on from step 12.
  const moved = await page.evaluate(() => window.lab.exportWeights());
  for (const [name, w] of Object.entries(weights)) {
    const now = moved[name].values;
    let maxDiff = 0;
    for (let i = 0; i < w.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(now[i] - w.values[i]));
    expect(maxDiff, name).toBe(0);
  }
  expect(await step(page)).toBe(12);
  expect(await trainLoss(page)).toEqual(before);
  await page.evaluate(() => window.lab.step(5)); // the fresh optimizer makes its slots on the first step
  const tensors = (await page.evaluate(() => window.lab.memory())).numTensors;
  await page.evaluate(() => window.lab.step(15));
  expect(await step(page)).toBe(32);
  expect((await page.evaluate(() => window.lab.memory())).numTensors).toBe(tensors);
  const after = await trainLoss(page);
  expect(after.slice(0, before.length)).toEqual(before);
  expect(after.at(-1)?.step).toBe(32);
  expect(after.at(-1)!.value).toBeLessThan(before[0].value);

  // Live training goes on there too; the only error shown is the one notice.
  await page.evaluate(() => window.lab.play());
  await expect.poll(() => page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step ?? 0), { timeout: 60_000 }).toBeGreaterThan(60);
  await page.evaluate(() => window.lab.pause());
  const steps = (await trainLoss(page)).map((p) => p.step);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  await expect(page.getByTestId('notices').locator('.notice.error')).toHaveCount(1);
});
