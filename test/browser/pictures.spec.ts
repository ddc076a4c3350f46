import { expect, test, type Page } from '@playwright/test';
import { canvasInk, gpuTest, hide, look, openGpuLab, openLab } from './helpers';

// The lecture's MNIST pictures (issue 12, item 4): one digit's code, the feature probe, the
// 2-D code map beside PCA with click-to-decode, and random codes through a plain AE and a VAE.
const memory = (page: Page) => page.evaluate(() => window.lab.memory().then((m) => m.numTensors));
const zOf = async (page: Page, testId: string): Promise<number[]> => JSON.parse((await page.getByTestId(testId).getAttribute('data-z')) || '[]') as number[];

test('WASM: code view adds up, the probe table fills, the code map decodes clicks, random codes side by side; tensors flat', async ({ page }) => {
  await openLab(page, 'backend=wasm&model=autoencoder&latent=16&hiddenLayers=');
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('wasm');
  await page.evaluate(() => window.lab.step(120));

  // One digit's code: 16 bars, and a one-layer decoder's tiles add up exactly.
  await look(page, 'code-view');
  await expect(page.getByTestId('code-bars').locator('rect')).toHaveCount(16);
  await expect(page.getByTestId('code-view-gap')).toHaveAttribute('data-exact', 'yes');
  expect(Number(await page.getByTestId('code-view-gap').getAttribute('data-gap'))).toBeLessThan(1e-4);
  for (const id of ['code-view-input', 'code-view-terms', 'code-view-reconstruction']) await expect.poll(() => canvasInk(page, id), id).toBeGreaterThan(0.05);
  const before = await memory(page);

  // The probe: code, pixels and PCA-16 all well above chance (10%).
  await page.getByTestId('feature-probe-run').click();
  const rows = page.getByTestId('feature-probe-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const name of ['code', 'pixels', 'pca']) {
    const row = page.locator(`[data-testid="feature-probe-table"] tr[data-row="${name}"]`);
    expect(Number(await row.getAttribute('data-probe')), name).toBeGreaterThan(0.5);
    expect(Number(await row.getAttribute('data-knn')), name).toBeGreaterThan(0.5);
  }

  // The code map (K = 16: its top two axes) and PCA's map draw; a click decodes a 16-D code.
  await look(page, 'code-map');
  await expect.poll(() => canvasInk(page, 'code-map')).toBeGreaterThan(0.05);
  expect(await canvasInk(page, 'pca-map')).toBeGreaterThan(0.05);
  const map = page.getByTestId('code-map');
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.4, y: box.height * 0.4 } });
  await expect.poll(async () => (await zOf(page, 'code-map-z')).length).toBe(16);
  await expect.poll(() => canvasInk(page, 'code-map-decoded')).toBeGreaterThan(0.05);
  const z1 = await zOf(page, 'code-map-z');
  await map.click({ position: { x: box.width * 0.7, y: box.height * 0.6 } });
  await expect.poll(() => zOf(page, 'code-map-z')).not.toEqual(z1);

  // Random codes through the plain AE, then through a VAE: both stand side by side.
  await look(page, 'random-codes');
  await expect.poll(() => canvasInk(page, 'random-prior-autoencoder')).toBeGreaterThan(0.05);
  await page.getByTestId('code-view-index').fill('7');
  expect(await memory(page)).toBe(before);
  await page.evaluate(() => window.lab.step(10));
  expect(await memory(page)).toBe(before);

  await page.evaluate(() => window.lab.set({ model: 'vae', latent: 2, vaeHidden: 64 }));
  await page.evaluate(() => window.lab.step(60));
  await look(page, 'random-codes');
  await expect(page.getByTestId('random-codes-vae')).toBeVisible();
  await expect(page.getByTestId('random-codes-autoencoder')).toBeVisible();
  await expect.poll(() => canvasInk(page, 'random-prior-vae')).toBeGreaterThan(0.05);
  // A deeper decoder: the code view says the tiles do not add up.
  await look(page, 'code-view');
  await expect(page.getByTestId('code-view-gap')).toHaveAttribute('data-exact', 'no');

  // The VAE's latent map decodes the clicked point: z is the point under the pointer (K = 2).
  await page.getByTestId('latent-click-decode').check();
  const latent = page.getByTestId('latent-map');
  const lbox = (await latent.boundingBox())!;
  await latent.click({ position: { x: lbox.width * 0.5, y: lbox.height * 0.5 } });
  await expect.poll(async () => (await zOf(page, 'latent-decoded-z')).length).toBe(2);
  await expect.poll(() => canvasInk(page, 'latent-decoded')).toBeGreaterThan(0.05);
  const za = await zOf(page, 'latent-decoded-z');
  await latent.click({ position: { x: lbox.width * 0.8, y: lbox.height * 0.5 } });
  await expect.poll(async () => (await zOf(page, 'latent-decoded-z'))[0]).toBeGreaterThan(za[0]); // further right: larger z₁
  const zb = await zOf(page, 'latent-decoded-z');
  expect(zb[1]).toBeCloseTo(za[1], 5); // same height: same z₂
  const v1 = await memory(page);
  await page.evaluate(() => window.lab.step(5));
  expect(await memory(page)).toBe(v1);
  await page.screenshot({ path: 'test-results/pictures-wasm.png', fullPage: true });
});

gpuTest('WebGPU: a 2-D deep AE’s code map, PCA’s map, the code view and random codes draw; tensors flat', async ({ gpuPage: page }) => {
  // SwiftShader emulates WebGPU on the CPU: the task's 784×784 PCA alone takes minutes there.
  test.setTimeout(480_000);
  await openGpuLab(page, `model=autoencoder&latent=2&hiddenLayers=32&batchSize=32&${hide('feature-probe', 'compare', 'code-activity', 'drawing-pad', 'jacobian', 'sensitivity')}`);
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  await page.evaluate(() => window.lab.step(5));
  await look(page, 'code-map');
  await expect.poll(() => canvasInk(page, 'code-map')).toBeGreaterThan(0.05);
  expect(await canvasInk(page, 'pca-map')).toBeGreaterThan(0.05);
  await look(page, 'code-view');
  await expect(page.getByTestId('code-view-gap')).toHaveAttribute('data-exact', 'no'); // a hidden layer
  await expect(page.getByTestId('code-bars').locator('rect')).toHaveCount(2);
  await look(page, 'random-codes');
  await expect.poll(() => canvasInk(page, 'random-prior-autoencoder')).toBeGreaterThan(0.05);
  await look(page, 'code-map');
  const map = page.getByTestId('code-map');
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
  await expect.poll(async () => (await zOf(page, 'code-map-z')).length).toBe(2);
  const before = await memory(page);
  await page.evaluate(() => window.lab.step(5));
  await page.getByTestId('code-view-index').fill('3');
  await map.click({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
  expect(await memory(page)).toBe(before);
});
