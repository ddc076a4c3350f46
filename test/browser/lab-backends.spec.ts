import { expect, test } from '@playwright/test';
import { canvasInk, openLab, seriesValues } from './helpers';

// The foundation's promise on each backend: it really runs there, training lowers the
// loss, the panels draw, and the worker's tensor count stays flat while training.
for (const backend of ['webgpu', 'wasm'] as const) {
  test(`linear autoencoder trains on ${backend}`, async ({ page }) => {
    await openLab(page, `backend=${backend}`);
    const info = await page.evaluate(() => window.lab.backend());
    expect(info?.name).toBe(backend);
    if (backend === 'webgpu') expect(info?.adapter).toMatch(/\S/);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);

    const before = await page.evaluate(() => window.lab.evaluate());
    const steps = backend === 'webgpu' ? 30 : 200; // SwiftShader is a CPU: keep WebGPU runs short
    await page.evaluate((n) => window.lab.step(n), 10);
    const memoryBefore = await page.evaluate(() => window.lab.memory());
    await page.evaluate((n) => window.lab.step(n), steps);
    const memoryAfter = await page.evaluate(() => window.lab.memory());
    expect(memoryAfter.numTensors).toBe(memoryBefore.numTensors);

    const after = await page.evaluate(() => window.lab.evaluate());
    expect(after.step).toBe(steps + 10);
    expect(after.loss).toBeLessThan(before.loss * 0.8);
    expect(after.loss).toBeGreaterThan(after.pcaTest * 0.99); // never beats PCA
    const train = await seriesValues(page, 'train/loss');
    expect(train.at(-1)!).toBeLessThan(train[0]);

    for (const id of ['weights-canvas', 'eigen-canvas', 'originals-canvas', 'recon-canvas']) {
      expect(await canvasInk(page, id), id).toBeGreaterThan(0.05);
    }
    await expect(page.getByTestId('readout')).toContainText(`step ${steps + 10}`);
    await page.screenshot({ path: `test-results/lab-${backend}.png` });
  });
}

test('same seed, same numbers: WebGPU and WASM agree', async ({ browser }) => {
  const losses: number[] = [];
  for (const backend of ['wasm', 'webgpu']) {
    const page = await browser.newPage();
    await openLab(page, `backend=${backend}&latent=4`);
    await page.evaluate(() => window.lab.step(5));
    losses.push((await page.evaluate(() => window.lab.evaluate())).loss);
    await page.close();
  }
  expect(Math.abs(losses[0] - losses[1]) / losses[0]).toBeLessThan(1e-3);
});
