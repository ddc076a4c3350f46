import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { gpuTest, hide, look, needsMovieLens, openGpuLab, openLab } from './helpers';

// The lab serves MovieLens from public/datasets/movielens (npm run data with MOVIELENS_DIR); a test
// whose release is not there skips with the reason (needsMovieLens), it never waits for it.
const served = (path: string) => new URL(`../../public/datasets/movielens/${path}`, import.meta.url);
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';
type Metrics = Record<string, number>;

// SwiftShader's WebGPU is a CPU emulation: a narrow Mult-VAE (I-32-16-32-I over ≈6,000 movies) and few steps.
gpuTest('Mult-VAE on WebGPU from the real ml-latest-small: it trains, ranks on the device and the panels fill', async ({ gpuPage: page }) => {
  needsMovieLens('ml-latest-small');
  await openGpuLab(
    page,
    `dataset=movielens-latest-small&model=mult-vae&latent=16&multHidden=32&batchSize=100&learningRate=0.003&${hide('recsys-beta-select', 'recsys-activity', 'recsys-amortization', 'recsys-likelihoods', 'vae-rate-distortion')}`,
  );
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('webgpu');
  await expect(page.getByTestId('dataset-description')).toContainText(
    /MovieLens ml-latest-small: 48,580 clicks .* of 603 users with ≥ 5; 515 training \/ 4\d validation \/ 4\d test users/,
  );
  await look(page, 'recsys-data'); // a panel off screen holds still: each is read once scrolled to
  await expect(page.getByTestId('validation-counts')).toContainText(/4\d users/);
  await expect(page.getByTestId('movielens-licence')).toContainText('redistributed');

  const before: Metrics = await page.evaluate(() => window.lab.evaluate());
  await page.evaluate(() => window.lab.step(6));
  const after: Metrics = await page.evaluate(() => window.lab.evaluate());
  console.log(
    `WebGPU ml-latest-small, 6 steps: validation NDCG@100 ${before['val/ndcg@100'].toFixed(3)} → ${after['val/ndcg@100'].toFixed(3)}; popularity test ${after['popularity/test/ndcg@100'].toFixed(3)}`,
  );
  expect(after.step).toBe(6);
  expect(after.testUsers).toBeGreaterThan(40);
  for (const k of ['val/ndcg@100', 'test/ndcg@100', 'best/test/ndcg@100', 'test/recall@20', 'test/recall@50']) {
    expect(after[k], k).toBeGreaterThan(0);
    expect(after[k], k).toBeLessThanOrEqual(1);
  }
  expect(after.loss).toBeLessThan(before.loss);
  expect(after['popularity/test/ndcg@100']).toBeGreaterThan(0.1);

  // Panels: the ranking chart, the results table, KL vs reconstruction, β, weight rows, one user.
  await look(page, 'recsys-results');
  await expect(page.getByTestId('results-table').locator('tr[data-model="popularity"]')).toBeVisible();
  await expect(page.getByTestId('results-table').locator('tr[data-model="mult-vae"]')).toBeVisible();
  await look(page, 'recsys-kl');
  await expect.poll(() => page.locator('[data-testid="recsys-kl-chart"] path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
  await look(page, 'recsys-beta');
  await expect.poll(async () => Number(await text(page, 'recsys-beta-now'))).toBeGreaterThan(0);
  await look(page, 'recsys-units');
  await expect(page.getByTestId('unit-movies').locator('li li').first()).toContainText(/\(\d{4}\)/);
  await look(page, 'recsys-user');
  await expect(page.getByTestId('user-recommendations').locator('li')).toHaveCount(20);

  // Rate a few movies: search, like, and the model answers at once.
  await page.getByTestId('movie-search').fill('matrix');
  await page.getByRole('button', { name: /\+ Matrix, The \(1999\)/ }).click();
  await expect(page.getByTestId('my-recommendations').locator('li')).toHaveCount(15);
  await expect(page.getByTestId('my-recommendations')).not.toContainText('Matrix, The (1999)');

  // The split as plain JSON (window.lab.exportSplit() is this query).
  const split = await page.evaluate(() => window.lab.exportSplit());
  expect(split.train.userIds).toHaveLength(515);
  expect(split.itemIds).toHaveLength(after.items);
  expect(split.test.users).toHaveLength(after.testUsers);
  const u = split.test.users[0];
  expect(u.targets.length).toBe(Math.floor(0.2 * (u.foldIn.length + u.targets.length)));
  await page.screenshot({ path: 'test-results/movielens-webgpu.png', fullPage: true });
});

// 200 steps on SwiftShader's WebGPU take minutes: the leak check runs on WASM.
test('Mult-VAE on WASM: 200 steps leak no tensors; validation NDCG@100 rises above popularity', async ({ page }) => {
  needsMovieLens('ml-100k');
  await openLab(page, 'backend=wasm&dataset=movielens-100k&model=mult-vae&latent=32&multHidden=100&batchSize=100&learningRate=0.003');
  expect((await page.evaluate(() => window.lab.backend()))?.name).toBe('wasm');
  await page.evaluate(() => window.lab.step(10));
  const tensors = (await page.evaluate(() => window.lab.memory())).numTensors;
  await page.evaluate(() => window.lab.step(200));
  expect((await page.evaluate(() => window.lab.memory())).numTensors).toBe(tensors);
  const e: Metrics = await page.evaluate(() => window.lab.evaluate());
  console.log(
    `WASM ml-100k, 210 steps: best validation NDCG@100 ${e['best/val/ndcg@100'].toFixed(3)} (step ${e['best/step']}), best test ${e['best/test/ndcg@100'].toFixed(3)}; popularity test ${e['popularity/test/ndcg@100'].toFixed(3)}`,
  );
  expect(e['best/test/ndcg@100']).toBeGreaterThan(e['popularity/test/ndcg@100'] + 0.05);
  const points = await page.evaluate(() => (window.lab.metrics()['val/ndcg@100'] ?? []).length);
  expect(points).toBeGreaterThanOrEqual(2);
});

test('a malformed ratings file is refused with its line, and the current run is kept', async ({ page, context }) => {
  needsMovieLens('ml-100k', 'ml-latest-small');
  await context.route('**/movielens/ml-latest-small/ratings.csv', (route) =>
    route.fulfill({ status: 200, contentType: 'text/csv', body: 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,four,964981247\n' }),
  );
  await openLab(page, 'backend=wasm&dataset=movielens-100k&model=mult-dae&latent=16&multHidden=0&batchSize=100');
  await page.evaluate(() => window.lab.step(3));
  const error = await page.evaluate(() =>
    window.lab.set({ dataset: 'movielens-latest-small' }).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(error).toMatch(/ratings\.csv line 3: the rating is not a number/);
  await expect(page.getByTestId('notices')).toContainText('ratings.csv line 3');
  expect(await page.evaluate(() => window.lab.state().dataset)).toBe('movielens-100k');
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(3);
  await page.evaluate(() => window.lab.step(2));
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(5);
});

test('a dropped GroupLens zip is read in the worker and becomes the movielens-dropped dataset', async ({ page }) => {
  needsMovieLens('ml-100k', 'ml-latest-small');
  await openLab(page, 'backend=wasm&dataset=movielens-latest-small&model=popularity');
  const zip = zipSync({ 'ml-100k/u.data': readFileSync(served('ml-100k/u.data')), 'ml-100k/u.item': readFileSync(served('ml-100k/u.item')) }, { level: 1 });
  await page.getByTestId('movielens-zip-input').setInputFiles({ name: 'ml-100k.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect.poll(() => page.evaluate(() => window.lab.state().dataset), { timeout: 120_000 }).toBe('movielens-dropped');
  await expect(page.getByTestId('dataset-description')).toContainText('MovieLens ml-100k: 55,375 clicks');
  await expect(page.getByTestId('results-table').locator('tr[data-model="popularity"]')).toBeVisible();
});

/** A small made-up release in GroupLens' formats (120 users × 60 movies, 20 ratings each), so this test needs no prepared data. */
function madeUpRelease(): { ratingsCsv: string; moviesCsv: string; uData: string; uItem: string } {
  const rows: [number, number, number][] = [];
  for (let u = 1; u <= 120; u++) for (let k = 0; k < 20; k++) rows.push([u, 1 + ((u * 7 + k * 13) % 60), k % 4 === 0 ? 2 : 4.5]);
  const movies = Array.from({ length: 60 }, (_, i) => i + 1);
  return {
    ratingsCsv: `userId,movieId,rating,timestamp\n${rows.map(([u, m, r], i) => `${u},${m},${r.toFixed(1)},${964982703 + i}`).join('\n')}\n`,
    moviesCsv: `movieId,title,genres\n${movies.map((m) => `${m},Movie ${m} (19${50 + (m % 50)}),Drama`).join('\n')}\n`,
    uData: `${rows.map(([u, m, r], i) => `${u}\t${m}\t${Math.round(r)}\t${874965758 + i}`).join('\n')}\n`,
    uItem: `${movies.map((m) => `${m}|Film ${m} (19${50 + (m % 50)})|01-Jan-1995||http://us.imdb.com/|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0`).join('\n')}\n`,
  };
}

test('a zip chosen in the MovieLens panel loads with only the success message (no "No dropped dataset yet")', async ({ page, context }) => {
  const data = madeUpRelease();
  await context.route('**/movielens/ml-latest-small/ratings.csv', (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: data.ratingsCsv }));
  await context.route('**/movielens/ml-latest-small/movies.csv', (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: data.moviesCsv }));
  await openLab(page, 'backend=wasm&dataset=movielens-latest-small&model=popularity');
  await expect(page.getByTestId('dataset-description')).toContainText('MovieLens ml-latest-small');
  const zip = zipSync({ 'ml-100k/u.data': strToU8(data.uData), 'ml-100k/u.item': strToU8(data.uItem) }, { level: 1 });
  await page.getByTestId('movielens-zip-input').setInputFiles({ name: 'ml-100k.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect.poll(() => page.evaluate(() => window.lab.state().dataset), { timeout: 60_000 }).toBe('movielens-dropped');
  await expect(page.getByTestId('dataset-description')).toContainText('MovieLens ml-100k');
  await expect(page.getByTestId('results-table').locator('tr[data-model="popularity"]')).toBeVisible();
  const notices = await page.getByTestId('notices').locator('.notice').allTextContents();
  expect(notices.map((n) => n.replace(/×$/, ''))).toEqual(['Loaded MovieLens ml-100k from ml-100k.zip.']);
});
