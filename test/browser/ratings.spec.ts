import { expect, test } from '@playwright/test';
import { look, needsMovieLens, openLab } from './helpers';

type Metrics = Record<string, number>;

// The lab serves MovieLens from public/datasets/movielens (npm run data with MOVIELENS_DIR); without it, skip.
needsMovieLens('ml-100k');

// 100 steps of a narrow I-AutoRec (943 users → 100 → 943) on WASM: the task, the panels and the API.
test('I-AutoRec on the real ml-100k (WASM): RMSE below the mean, panels fill, no leaks, the split exports', async ({ page }) => {
  await openLab(page, 'backend=wasm&dataset=movielens-100k&task=ratings&model=i-autorec&autorecHidden=100&batchSize=64&learningRate=0.003');
  await expect(page.getByTestId('dataset-description')).toContainText(
    /MovieLens ml-100k: 100,000 ratings \(1–5 stars\) of 943 users × 1,682 movies; 85,500 train \/ 4,500 validation \/ 10,000 test/,
  );
  await page.evaluate(() => window.lab.step(10));
  const tensors = (await page.evaluate(() => window.lab.memory())).numTensors;
  await page.evaluate(() => window.lab.step(100));
  expect((await page.evaluate(() => window.lab.memory())).numTensors).toBe(tensors);
  const e: Metrics = await page.evaluate(() => window.lab.evaluate());
  console.log(
    `WASM ml-100k I-AutoRec (100 units), 110 steps: val RMSE ${e['val/rmse'].toFixed(3)}, best test ${e['best/test/rmse'].toFixed(3)}; mean ${e['mean/test/rmse'].toFixed(3)}, biases ${e['biases/test/rmse'].toFixed(3)}, MF ${e['mf/test/rmse'].toFixed(3)}`,
  );
  expect(e.testRatings).toBe(10000);
  expect(e['best/test/rmse']).toBeLessThan(e['mean/test/rmse']);
  expect(e['biases/test/rmse']).toBeLessThan(e['mean/test/rmse']);
  expect(e['test/mae']).toBeLessThan(e['test/rmse']);

  // Panels, each once scrolled to (off screen a panel holds still): the RMSE chart with its
  // numbers, the results table, the user, the scatter, the block.
  await look(page, 'ratings-rmse');
  await expect(page.getByTestId('ratings-val-rmse')).toHaveText(/^\d\.\d{3}$/);
  await look(page, 'ratings-results');
  const table = page.getByTestId('ratings-results-table');
  for (const model of ['mean', 'biases', 'mf', 'i-autorec']) await expect(table.locator(`tr[data-model="${model}"]`)).toBeVisible();
  await look(page, 'ratings-user');
  await expect(page.getByTestId('ratings-user-rated').locator('tr').first()).toBeVisible();
  await expect(page.getByTestId('ratings-user-top')).toContainText(/\(\d{4}\)/);
  await look(page, 'ratings-scatter');
  await expect(page.getByTestId('ratings-scatter-rmse')).toHaveText(/\d\.\d{3}/);
  await look(page, 'ratings-block');
  await expect(page.getByTestId('ratings-block-updated')).toContainText(/get a gradient/);

  const split = await page.evaluate(() => window.lab.exportSplit());
  expect(split.format).toBe('movielens-ratings-split');
  if (split.format === 'movielens-ratings-split') {
    expect(split.train.length + split.validation.length + split.test.length).toBe(100000);
    expect(split.test).toHaveLength(10000);
  }
  await page.screenshot({ path: 'test-results/ratings-wasm.png', fullPage: true });
});

test('a ratings file with a duplicate (user, movie) pair is refused with a message, and the current run is kept', async ({ page, context }) => {
  needsMovieLens('ml-latest-small'); // its movies.csv is served; the ratings are replaced
  await context.route('**/movielens/ml-latest-small/ratings.csv', (route) =>
    route.fulfill({ status: 200, contentType: 'text/csv', body: 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n1,1,2.0,964982704\n' }),
  );
  await openLab(page, 'backend=wasm&dataset=movielens-100k&task=ratings&model=rating-biases');
  const before: Metrics = await page.evaluate(() => window.lab.evaluate());
  const error = await page.evaluate(() =>
    window.lab.set({ dataset: 'movielens-latest-small' }).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(error).toMatch(/user 1 rated movie 1 twice/);
  expect(await page.evaluate(() => window.lab.state().dataset)).toBe('movielens-100k');
  const after: Metrics = await page.evaluate(() => window.lab.evaluate());
  expect(after['test/rmse']).toBeCloseTo(before['test/rmse'], 6);
});
