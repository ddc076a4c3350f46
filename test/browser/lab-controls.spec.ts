import { expect, test } from '@playwright/test';
import { openLab, seriesValues } from './helpers';

test('play, pause, live learning rate and a reset on architecture change', async ({ page }) => {
  await openLab(page, 'backend=wasm');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText(/Pause/);
  await expect.poll(async () => (await seriesValues(page, 'train/loss')).length).toBeGreaterThan(3);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveText(/Play/);
  const stepBefore = (await page.evaluate(() => window.lab.evaluate())).step;
  expect(stepBefore).toBeGreaterThan(0);

  // The learning rate applies live: same run, step count continues.
  await page.getByLabel('Learning rate').fill('0.001');
  await page.getByLabel('Learning rate').press('Enter');
  await expect.poll(() => page.evaluate(() => window.lab.state().learningRate)).toBe(0.001);
  await page.evaluate(() => window.lab.step(5));
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(stepBefore + 5);
  expect(page.url()).toContain('learningRate=0.001');

  // K changes the architecture: a new run from step 0, with new PCA lines.
  await page.evaluate(() => window.lab.set({ latent: 4 }));
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(0);
  const weights = await page.evaluate(async () => {
    const w = await window.lab.exportWeights();
    return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.shape]));
  });
  expect(weights).toEqual({ 'encoder/kernel': [784, 4], 'encoder/bias': [4], 'decoder/kernel': [4, 784], 'decoder/bias': [784] });
});

test('bad input is refused with a message and loses nothing', async ({ page }) => {
  await openLab(page, 'backend=wasm&latent=8');
  await page.evaluate(() => window.lab.step(30));
  const history = (await seriesValues(page, 'train/loss')).length;

  // An out-of-range setting is refused whole.
  const refused = await page.evaluate(() =>
    window.lab.set({ latent: 0, learningRate: 0.01 }).then(
      () => 'applied',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toMatch(/latent must be at least 1/);
  expect(await page.evaluate(() => window.lab.state().learningRate)).toBe(0.003);

  // A file that is not MNIST-format gets a clear error; the run stays.
  await page.getByTestId('file-input').setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]) });
  await expect(page.getByTestId('notices')).toContainText(/holiday.png is not an IDX file.*current run is unchanged/);
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(30);
  expect((await seriesValues(page, 'train/loss')).length).toBe(history);

  // A NaN loss pauses with the step and a suggestion; the weights come back.
  const good = (await page.evaluate(() => window.lab.evaluate())).loss;
  await page.evaluate(() => window.lab.set({ optimizer: 'sgd', learningRate: 10 }));
  await page.evaluate(() => window.lab.step(40));
  await expect(page.getByTestId('notices')).toContainText(/loss (became (NaN|infinite)|exploded \(from \S+ to \S+\)) during steps .*lower learning rate/);
  const restored = await page.evaluate(() => window.lab.evaluate());
  expect(Number.isFinite(restored.loss)).toBe(true);
  expect(restored.loss).toBeLessThan(good * 1.5);
});

test('a tampered link loads defaults with a notice', async ({ page }) => {
  await openLab(page, 'latent=-4&model=gan&learningRate=abc&backend=wasm');
  const state = await page.evaluate(() => window.lab.state());
  expect(state.latent).toBe(16);
  expect(state.model).toBe('linear');
  await expect(page.getByTestId('notices')).toContainText(/latent=-4 is invalid/);
});

test('which panels are shown lives in the link: hide one, reopen the link, bring them back; a bad list falls back', async ({ page, context }) => {
  const panel = (p: typeof page, name: string) => p.locator(`[data-panel="${name}"]`);
  await openLab(page, 'backend=wasm&hiddenPanels=weights');
  await expect(panel(page, 'weights')).toHaveCount(0);
  await expect(panel(page, 'loss')).toHaveCount(1);
  await page.getByTestId('hide-reconstructions').click();
  await expect(panel(page, 'reconstructions')).toHaveCount(0);
  expect((await page.evaluate(() => window.lab.state())).hiddenPanels).toBe('weights,reconstructions');

  // The copied link hides the same panels in a new page.
  const copy = await context.newPage();
  await copy.goto(page.url());
  await copy.waitForFunction(() => typeof window.lab?.ready === 'function');
  await copy.evaluate(() => window.lab.ready());
  await expect(panel(copy, 'weights')).toHaveCount(0);
  await expect(panel(copy, 'reconstructions')).toHaveCount(0);
  await expect(panel(copy, 'loss')).toHaveCount(1);
  // Emptying the field shows them all again.
  await copy.getByLabel('Hidden panels').fill('');
  await copy.getByLabel('Hidden panels').press('Enter');
  await expect(panel(copy, 'weights')).toHaveCount(1);
  await expect(panel(copy, 'reconstructions')).toHaveCount(1);

  const bad = await context.newPage();
  await openLab(bad, 'backend=wasm&hiddenPanels=Weights!');
  expect((await bad.evaluate(() => window.lab.state())).hiddenPanels).toBe('');
  await expect(bad.getByTestId('notices')).toContainText(/hiddenPanels=Weights! is invalid/);
  await expect(panel(bad, 'weights')).toHaveCount(1);
});

test('the loss chart draws what the run measured: the train line moves with each step, the PCA optimum as two dashed lines, the log scale', async ({ page }) => {
  await openLab(page, 'backend=wasm&model=linear&latent=8');
  const chart = page.getByTestId('loss-chart');
  const trainLine = chart.locator('path.recharts-line-curve[stroke="var(--c1)"]');
  // Paused, the reference is the complete one: PCA's train and test errors, drawn dashed.
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(2);
  await expect(chart).toContainText('PCA train');
  await expect(chart).toContainText('PCA test');
  await expect(page.getByText(/Dashed: the PCA optimum for K = 8 \(train \d+\.\d\d, test \d+\.\d\d\)/)).toBeVisible();

  await page.evaluate(() => window.lab.step(20));
  await expect(trainLine).toHaveAttribute('d', /\S/);
  const first = await trainLine.getAttribute('d');
  await page.evaluate(() => window.lab.step(20));
  await expect.poll(() => trainLine.getAttribute('d')).not.toBe(first);
  const onLogAxis = await trainLine.getAttribute('d');

  // The same points on the other scale (the lab starts on a log axis): the line is redrawn, the run untouched.
  const step = (await page.evaluate(() => window.lab.evaluate())).step;
  expect(await page.evaluate(() => window.lab.state().logScale)).toBe(true);
  await page.evaluate(() => window.lab.set({ logScale: false }));
  await expect.poll(() => trainLine.getAttribute('d')).not.toBe(onLogAxis);
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(step);
  await expect(chart.locator('.recharts-reference-line')).toHaveCount(2);
});
