import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { loadMnist } from '../../src/data/mnist-source';
import { meanImageCrossEntropy } from '../../src/math/mean-image-baseline';
import { PICTURE_PANELS, canvasInk, gpuTest, hide, look, openGpuLab, openLab, seriesValues } from './helpers';

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';
const markerX = (page: Page) => page.locator('[data-testid="beta-chart"] .recharts-reference-dot circle').first().getAttribute('cx');

// SwiftShader's WebGPU is a CPU emulation: a small VAE (H = 32, K = 2) and few steps.
gpuTest('VAE on WebGPU: the β and KL-vs-reconstruction panels draw and move; memory is flat; a NaN is caught', async ({ gpuPage: page }) => {
  await openGpuLab(page, `model=vae&latent=2&vaeHidden=32&batchSize=32&betaSchedule=linear&betaWarmupSteps=40&${hide(...PICTURE_PANELS)}`);
  const info = await page.evaluate(() => window.lab.backend());
  expect(info?.name).toBe('webgpu');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');

  // In view (a panel off screen holds still): the β panel, with the ELBO chart above it and the KL bars below.
  await look(page, 'vae-beta');
  await page.evaluate(() => window.lab.step(6));
  // Panels render a snapshot each in their own task (src/state/live-updates.ts): wait until they show step 6.
  await expect(page.getByTestId('readout')).toContainText(/step 6\b/);
  await expect.poll(async () => Number(await text(page, 'beta-now'))).toBeCloseTo(6 / 40, 4); // β(6) of a 40-step warm-up to 1
  const x1 = await markerX(page);
  const kl1 = await text(page, 'last-kl');
  // The β curve β(t) and the β training used (one dotted path), and three or more lines
  // (reconstruction, KL, −ELBO), are drawn as SVG paths.
  await expect(page.locator('[data-testid="beta-chart"] path.recharts-line-curve')).toHaveCount(2);
  await expect(page.locator('[data-testid="beta-chart"] path.recharts-line-curve[stroke-dasharray="0 6"]')).toHaveCount(1);
  const paths = page.locator('[data-testid="elbo-chart"] path.recharts-line-curve');
  await expect.poll(() => paths.count()).toBeGreaterThanOrEqual(3);
  expect((await paths.first().getAttribute('d'))?.length ?? 0).toBeGreaterThan(10);

  const memoryBefore = await page.evaluate(() => window.lab.memory());
  await page.evaluate(() => window.lab.step(10));
  const memoryAfter = await page.evaluate(() => window.lab.memory());
  expect(memoryAfter.numTensors).toBe(memoryBefore.numTensors);

  // They move as steps pass: the β marker and the last KL value change.
  await expect(page.getByTestId('readout')).toContainText('step 16');
  await expect.poll(async () => Number(await text(page, 'beta-now'))).toBeCloseTo(16 / 40, 4);
  expect(await markerX(page)).not.toBe(x1);
  expect(await text(page, 'last-kl')).not.toBe(kl1);
  const betas = await seriesValues(page, 'train/beta');
  expect(betas.at(-1)!).toBeGreaterThan(betas[0]);

  // The canvases have ink: rate–distortion, latent map, prior samples, manifold, interpolation.
  expect(await canvasInk(page, 'rd-canvas')).toBeGreaterThan(0.05);
  await expect(page.getByTestId('kl-bars')).toBeVisible();
  await look(page, 'vae-latent');
  await expect.poll(() => canvasInk(page, 'latent-map')).toBeGreaterThan(0.05);
  await expect.poll(() => canvasInk(page, 'interpolation-canvas')).toBeGreaterThan(0.05);
  await look(page, 'vae-generation');
  for (const id of ['prior-samples', 'manifold']) await expect.poll(() => canvasInk(page, id), id).toBeGreaterThan(0.05);
  await page.screenshot({ path: 'test-results/vae-webgpu.png', fullPage: true });

  // A learning rate far too large: training stops with the NaN notice, the weights come back.
  await page.evaluate(() => window.lab.set({ optimizer: 'sgd', learningRate: 10 }));
  await page.evaluate(() => window.lab.step(10));
  await expect(page.getByTestId('notices')).toContainText(/loss (became (NaN|infinite)|exploded \(from \S+ to \S+\)) during steps .*lower learning rate/);
  // The weights came back from the last good chunk: they evaluate to a finite loss.
  expect(Number.isFinite((await page.evaluate(() => window.lab.evaluate())).loss)).toBe(true);
});

test('VAE on WASM: test −ELBO falls below the mean-image baseline; the interpolation follows clicks', async ({ page }) => {
  const files = (url: string) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url)));
  const data = await loadMnist(
    '',
    '10k',
    1,
    () => undefined,
    async (url) => files(url),
  );
  const baseline = meanImageCrossEntropy(data.train.images, data.train.n, data.test.images, data.test.n, 784);

  await openLab(page, 'backend=wasm&model=vae&latent=8&betaSchedule=linear&betaWarmupSteps=100');
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('wasm');
  const t0 = Date.now();
  const before = await page.evaluate(() => window.lab.evaluate());
  await page.evaluate(() => window.lab.step(300));
  const after = await page.evaluate(() => window.lab.evaluate());
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `WASM VAE 784-256-8, 300 steps of 64: test −ELBO ${before.elbo.toFixed(1)} → ${after.elbo.toFixed(1)} ` +
      `(reconstruction ${after.reconstruction.toFixed(1)} + KL ${after.kl.toFixed(2)}); mean-image baseline ${baseline.toFixed(1)} nats; ${seconds.toFixed(1)} s`,
  );
  expect(after.step).toBe(300);
  expect(after.elbo).toBeLessThan(0.85 * baseline);
  expect(after.elbo).toBeCloseTo(after.reconstruction + after.kl, 2);
  // The chart states the same baseline (computed in the worker from the same split).
  await expect(page.getByTestId('elbo-chart').locator('xpath=..')).toContainText(`mean-image decoder's test ${baseline.toFixed(1)} nats`);
  await look(page, 'vae-kl-bars'); // a panel off screen holds still
  await expect.poll(async () => Number(await text(page, 'active-dims'))).toBeGreaterThan(0);
  await expect(page.getByTestId('collapse-warning')).toHaveCount(0);

  // Latent 8: the map shows μ on its principal axes; the interpolation's digits are set by typing.
  await look(page, 'vae-latent');
  await expect.poll(() => canvasInk(page, 'interpolation-canvas')).toBeGreaterThan(0.05);
  const strip1 = await page.getByTestId('interpolation-canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await page.getByTestId('interp-b').fill('7');
  await expect.poll(() => page.getByTestId('interpolation-canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(strip1);
  expect(await canvasInk(page, 'latent-map')).toBeGreaterThan(0.05);
  // Two clicks far apart on the map pick the two end points (A, then B).
  const map = page.getByTestId('latent-map');
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
  await map.click({ position: { x: box.width * 0.7, y: box.height * 0.7 } });
  const [a, b] = [await page.getByTestId('interp-a').inputValue(), await page.getByTestId('interp-b').inputValue()];
  expect(a).not.toBe(b);
  expect(b).not.toBe('7');
  await expect(page.getByTestId('manifold')).toHaveCount(0); // only for K = 2

  // β far too large collapses the posterior: the warning shows.
  await page.evaluate(() => window.lab.set({ betaSchedule: 'constant', betaMax: 100 }));
  await page.evaluate(() => window.lab.step(200));
  await look(page, 'vae-kl-bars');
  await expect(page.getByTestId('collapse-warning')).toBeVisible();
  await page.screenshot({ path: 'test-results/vae-wasm.png', fullPage: true });
});

test('the VAE panels have no serious or critical accessibility violations (axe-core)', async ({ page }) => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await openLab(page, 'backend=wasm&model=vae&latent=2&vaeHidden=32');
  await page.evaluate(() => window.lab.step(3));
  await page.addScriptTag({ content: axeSource });
  type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (o: object) => Promise<{ violations: Violation[] }> } }).axe.run({ resultTypes: ['violations'] }));
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
});
