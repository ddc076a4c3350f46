import { expect, test, type Page } from '@playwright/test';
import { PICTURE_PANELS, canvasInk, gpuTest, hide, look, openGpuLab, openLab } from './helpers';

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';
const dataUrl = (page: Page, testId: string) => page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => c.toDataURL());
/** Bars recharts drew with a non-zero height inside a chart. */
const bars = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] .recharts-bar-rectangle path`).evaluateAll((ps) => ps.filter((p) => (p as SVGPathElement).getBBox().height > 0).length);
const linePath = async (page: Page, testId: string) => (await page.locator(`[data-testid="${testId}"] path.recharts-line-curve`).first().getAttribute('d'))?.length ?? 0;

async function stepWithFlatMemory(page: Page, n: number): Promise<void> {
  await page.evaluate(() => window.lab.step(1)); // the first step creates the optimizer's slots
  const before = await page.evaluate(() => window.lab.memory());
  await page.evaluate((k) => window.lab.step(k), n);
  const after = await page.evaluate(() => window.lab.memory());
  expect(after.numTensors).toBe(before.numTensors);
}

// SwiftShader's WebGPU is a CPU emulation that compiles every new shader slowly: K = 8,
// batches of 8, three steps per model, and the memory check on the two heaviest models.
gpuTest('the four nonlinear autoencoders train on WebGPU and their diagnostic panels draw; memory stays flat', async ({ gpuPage: page }) => {
  const t0 = Date.now();
  const lap = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await openGpuLab(page, `model=autoencoder&latent=8&batchSize=8&${hide(...PICTURE_PANELS)}`);
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  lap('ready');

  // Plain: code statistics, the pad, the Jacobian and the push probe (the baseline for all three).
  await page.evaluate(() => window.lab.step(3));
  await expect(page.getByTestId('readout')).toContainText('step 3');
  // Each panel is read once scrolled to: off screen it holds still (state/offscreen.ts).
  await look(page, 'code-activity');
  await expect.poll(() => bars(page, 'code-histogram')).toBeGreaterThan(0);
  expect(await canvasInk(page, 'unit-means-canvas')).toBeGreaterThan(0.02);
  await look(page, 'jacobian');
  await expect.poll(() => linePath(page, 'jacobian-chart')).toBeGreaterThan(10);
  await look(page, 'sensitivity');
  await expect.poll(() => canvasInk(page, 'sensitivity-recon')).toBeGreaterThan(0.05);
  await look(page, 'drawing-pad');
  await expect.poll(() => canvasInk(page, 'pad-recon')).toBeGreaterThan(0.05);
  expect(await page.evaluate(() => window.lab.metrics()['diag/jacobianNorm'].at(-1)!.value)).toBeGreaterThan(0);
  lap('autoencoder');

  // Sparse (KL to ρ on sigmoid codes): histogram, per-input activity, unit means against ρ.
  await page.evaluate(() => window.lab.set({ model: 'sparse' }));
  await stepWithFlatMemory(page, 2);
  const train = await page.evaluate(() => Object.keys(window.lab.metrics()).filter((k) => k.startsWith('train/')));
  expect(train).toEqual(expect.arrayContaining(['train/reconstruction', 'train/sparsity']));
  await look(page, 'code-activity');
  await expect.poll(() => bars(page, 'code-histogram')).toBeGreaterThan(0);
  await expect.poll(() => bars(page, 'active-per-input')).toBeGreaterThan(0);
  expect(await canvasInk(page, 'unit-means-canvas')).toBeGreaterThan(0.02);
  expect(await page.getByTestId('unit-means-canvas').getAttribute('aria-label')).toMatch(/against the target ρ = 0.05/);
  expect(Number(await text(page, 'dead-units'))).toBeGreaterThanOrEqual(0);
  expect(Number(await text(page, 'mean-abs'))).toBeGreaterThan(0);
  lap('sparse');

  // Denoising: clean | corrupted | restored triplets, and the evaluation level moves the corruption.
  await page.evaluate(() => window.lab.set({ model: 'denoising' }));
  await page.evaluate(() => window.lab.step(3));
  await look(page, 'denoise');
  await expect.poll(() => canvasInk(page, 'denoise-restored')).toBeGreaterThan(0.05);
  expect(await canvasInk(page, 'denoise-corrupted')).toBeGreaterThan(0.05);
  await expect(page.getByTestId('denoise-errors')).toContainText(/corrupted \d+\.\d → restored \d+\.\d/);
  const corruptedAtHalf = await dataUrl(page, 'denoise-corrupted');
  await page.getByTestId('eval-noise-level').fill('0.9');
  await expect.poll(() => dataUrl(page, 'denoise-corrupted')).not.toBe(corruptedAtHalf);
  lap('denoising');

  // Contractive: the Jacobian norm over training, and the push probe's gains.
  await page.evaluate(() => window.lab.set({ model: 'contractive' }));
  await stepWithFlatMemory(page, 2);
  const terms = await page.evaluate(() => Object.keys(window.lab.metrics()));
  expect(terms).toEqual(expect.arrayContaining(['train/contraction', 'diag/jacobianNorm']));
  await look(page, 'jacobian');
  await expect.poll(() => linePath(page, 'jacobian-chart')).toBeGreaterThan(10);
  expect(Number(await text(page, 'jacobian-now'))).toBeGreaterThan(0);
  await look(page, 'sensitivity');
  await expect.poll(() => canvasInk(page, 'sensitivity-recon')).toBeGreaterThan(0.05);
  await expect.poll(async () => Number(await text(page, 'gain-8'))).toBeGreaterThan(0);
  lap('contractive');
  await page.screenshot({ path: 'test-results/regularizers-webgpu.png', fullPage: true });
});

test('invalid regularizer settings are refused with the message and not applied; the drawing pad drives the reconstruction', async ({ page }) => {
  await openLab(page, 'backend=wasm&model=sparse&latent=16');
  await page.evaluate(() => window.lab.step(3));
  const refuse = (patch: Record<string, unknown>) =>
    page.evaluate(
      (p) =>
        window.lab.set(p).then(
          () => 'applied',
          (e: Error) => e.message,
        ),
      patch,
    );
  expect(await refuse({ sparsityWeight: -1 })).toMatch(/sparsityWeight must be at least 0/);
  expect(await refuse({ noiseLevel: 1.5, sparsityWeight: 2 })).toMatch(/noiseLevel must be at most 1/);
  expect(await refuse({ hiddenLayers: '256-' })).toMatch(/hiddenLayers must be whole-number widths/);
  expect(await refuse({ hiddenLayers: '2000' })).toMatch(/from 1 to 1024 units/);
  expect(await refuse({ latent: 0 })).toMatch(/latent must be at least 1/);
  const state = await page.evaluate(() => window.lab.state());
  expect([state.sparsityWeight, state.noiseLevel, state.hiddenLayers, state.latent]).toEqual([1, 0.3, '', 16]);
  await expect(page.getByTestId('notices')).toContainText('sparsityWeight must be at least 0');
  // Valid alone, refused together: KL sparsity needs sigmoid codes. The worker refuses; the old run stays.
  expect(await refuse({ activation: 'relu' })).toMatch(/KL sparsity .* needs sigmoid code units/);
  expect((await page.evaluate(() => window.lab.state())).activation).toBe('sigmoid');
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(3);

  // The pad: a stroke drawn with the mouse changes the live reconstruction.
  await page.evaluate(() => window.lab.set({ model: 'denoising' }));
  await page.evaluate(() => window.lab.step(3));
  await expect.poll(() => canvasInk(page, 'pad-recon')).toBeGreaterThan(0.05);
  const before = await dataUrl(page, 'pad-recon');
  const padBefore = await dataUrl(page, 'drawing-pad');
  await page.getByTestId('drawing-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('drawing-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.8, { steps: 12 });
  await page.mouse.up();
  expect(await dataUrl(page, 'drawing-pad')).not.toBe(padBefore);
  await expect.poll(() => dataUrl(page, 'pad-recon')).not.toBe(before);
  // Clear (a keyboard-reachable button) empties the pad; the reconstruction follows again.
  const afterStroke = await dataUrl(page, 'pad-recon');
  await page.getByTestId('pad-clear').focus();
  await page.keyboard.press('Enter');
  expect(await canvasInk(page, 'drawing-pad')).toBe(0);
  await expect.poll(() => dataUrl(page, 'pad-recon')).not.toBe(afterStroke);
});

test('a one-click comparison trains each arm on the same seed, saves the runs and overlays them', async ({ page }) => {
  await openLab(page, 'backend=wasm&model=autoencoder&latent=16&seed=7');
  await page.getByTestId('compare-select').selectOption('contractive-vs-plain');
  await page.getByTestId('compare-steps').fill('6');
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-status')).toHaveText('2 ticked runs below.', { timeout: 120_000 });
  const cards = page.getByTestId('compare-run');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText('Contraction: plain, K = 196');
  await expect(cards.nth(1)).toContainText('Contraction: contractive, λ = 0.1');
  await expect.poll(() => page.locator('[data-testid="compare-chart"] path.recharts-line-curve').count()).toBe(2);
  // Both arms ran with the shared seed, from the same step count, and the lab now holds the last arm.
  const state = await page.evaluate(() => window.lab.state());
  expect([state.model, state.seed, state.latent]).toEqual(['contractive', 7, 196]);
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(6);
});
