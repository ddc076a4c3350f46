import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { canvasInk, seriesValues } from './helpers';

// The Learn view: deep links, presets, embedded live panels, predict-then-run, progress.
// WASM backend throughout: fast and deterministic in headless Chromium.

async function openStep(page: Page, route: string, errors: string[] = []): Promise<void> {
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?paused#${route}?v=1&backend=wasm`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
}

/** Waits until the step has put the lab into its state (engine.set, then reset, done). */
async function presetApplied(page: Page): Promise<void> {
  await expect(page.getByTestId('step-status')).toHaveAttribute('data-state', 'applied');
}

test('a deep-linked step applies its preset, trains its embedded panels, asks before it tells, and remembers progress', async ({ page }) => {
  const errors: string[] = [];
  await openStep(page, '/learn/linear-pca/2', errors);
  await expect(page.locator('#learn-step-title')).toContainText('Step 2 of 4');
  await presetApplied(page);
  const state = await page.evaluate(() => window.lab.state());
  expect([state.model, state.latent, state.tiedWeights, state.backend]).toEqual(['linear', 10, false, 'wasm']);

  // KaTeX rendered the formulas (HTML for the eye, MathML for screen readers).
  expect(await page.locator('.learn-prose .katex').count()).toBeGreaterThan(2);
  expect(await page.locator('.learn-prose .katex math').count()).toBeGreaterThan(2);

  // The embedded panels train.
  await page.evaluate(() => window.lab.step(20));
  await expect.poll(async () => (await seriesValues(page, 'train/loss')).length).toBeGreaterThan(0);
  await expect.poll(() => canvasInk(page, 'weights-canvas')).toBeGreaterThan(0.05);
  await expect(page.getByTestId('learn-panels').locator('[data-panel="weights"]')).toHaveClass(/highlight/);

  // Predict, then run: no explanation before answering and running.
  const run = page.getByTestId('question-run');
  await expect(run).toBeDisabled();
  await expect(page.getByTestId('explanation')).toHaveCount(0);
  await page.getByRole('radio').nth(1).check();
  await expect(page.getByTestId('explanation')).toHaveCount(0);
  await expect(page.getByTestId('step-pill-2')).toHaveAttribute('data-state', 'visited');
  const before = await page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step ?? 0);
  await run.click();
  await expect(page.getByTestId('explanation')).toContainText('subspace similarity');
  await expect(page.getByTestId('explanation')).toContainText('Your prediction was right');
  const after = await page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step ?? 0);
  expect(after - before).toBeGreaterThanOrEqual(250); // Run trained 300 steps before revealing.
  await expect(page.getByRole('radio').first()).toBeDisabled();
  await expect(page.getByTestId('step-pill-2')).toHaveAttribute('data-state', 'completed');

  // A reload keeps the progress.
  await page.reload();
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  await expect(page.getByTestId('step-pill-2')).toHaveAttribute('data-state', 'completed');
  await expect(page.getByTestId('step-pill-1')).toHaveAttribute('data-state', 'not visited');
  await page.getByRole('link', { name: 'All chapters' }).click();
  await expect(page.getByTestId('chapter-progress-linear-pca')).toHaveText('1 of 4 steps done');
  await expect(page.getByTestId('chapter-progress-vae')).toHaveText(/^0 of \d steps done$/);
  await expect(page.locator('.learn-card')).toHaveCount(12);
  expect(errors).toEqual([]);
});

/** Records, in the page, the training step at which the explanation first appears (null until then). */
async function watchReveal(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { revealedAt: number | null };
    w.revealedAt = null;
    const seen = () => {
      if (w.revealedAt === null && document.querySelector('[data-testid="explanation"]')) {
        const m = window.lab.metrics();
        w.revealedAt = Math.max(0, ...Object.values(m).map((s) => s?.at(-1)?.step ?? 0));
      }
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
  });
}

test('no question reveals its explanation before its evidence exists; then it shows the prediction beside the measured value', async ({ page }) => {
  // A fixed-steps question (linear-pca/2: 300 steps and subspace similarity ≥ 0.8, a declared claim).
  await openStep(page, '/learn/linear-pca/2');
  await presetApplied(page);
  await watchReveal(page);
  const run = page.getByTestId('question-run');
  await expect(run).toBeDisabled(); // no commitment yet
  // Training before answering does not reveal anything either.
  await page.evaluate(() => window.lab.step(20));
  await expect(page.getByTestId('explanation')).toHaveCount(0);
  await page.getByRole('radio').nth(2).check();
  await expect(run).toBeEnabled();
  await run.click();
  const explanation = page.getByTestId('explanation');
  await expect(explanation).toBeVisible({ timeout: 60_000 });
  const at = await page.evaluate(() => (window as unknown as { revealedAt: number | null }).revealedAt);
  expect(at).toBeGreaterThanOrEqual(300);
  const similarity = await page.evaluate(() => window.lab.metrics()['pca/subspaceSimilarity']?.at(-1));
  expect(similarity!.step).toBeGreaterThanOrEqual(300);
  expect(similarity!.value).toBeGreaterThanOrEqual(0.8);
  await expect(page.getByTestId('prediction-vs-measured')).toContainText('You said: Unrelated');
  await expect(page.getByTestId('prediction-vs-measured')).toContainText(/pca\/subspaceSimilarity = 0\.\d+/);
  await expect(explanation).toContainText('Not quite');

  // A play question (encoder-decoder/3: cross-entropy keeps a floor): play, and the reveal waits for 300 steps.
  await page.goto('./?paused#/learn/encoder-decoder/3?v=1&backend=wasm');
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  await presetApplied(page);
  await watchReveal(page);
  await page.getByRole('radio').nth(1).check();
  await page.getByTestId('question-run').click();
  await expect(page.getByTestId('evidence-wait')).toContainText('after at least 300 steps');
  await expect(page.getByTestId('explanation')).toHaveCount(0);
  await expect(page.getByTestId('explanation')).toBeVisible({ timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { revealedAt: number | null }).revealedAt)).toBeGreaterThanOrEqual(300);
  await expect(page.getByTestId('prediction-vs-measured')).toContainText(/test\/loss = \d+/);
  await expect(page.getByTestId('explanation')).toContainText('Your prediction was right');
  await page.evaluate(() => window.lab.pause());
});

test('← and → move between steps (not while a field has focus), and each step applies its own preset', async ({ page }) => {
  await openStep(page, '/learn/linear-pca/2');
  await presetApplied(page);
  await page.locator('#learn-step-title').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/learn\/linear-pca\/3\?/);
  await expect(page.locator('#learn-step-title')).toContainText('Tied weights');
  await presetApplied(page);
  expect(await page.evaluate(() => window.lab.state().tiedWeights)).toBe(true);
  // Focus moved to the new step's title, so screen readers announce it.
  await expect(page.locator('#learn-step-title')).toBeFocused();

  // Arrow keys in a radio group choose an answer; they must not change the step.
  await page.getByRole('radio').first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/learn\/linear-pca\/3\?/);

  await page.locator('#learn-step-title').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/#\/learn\/linear-pca\/2\?/);
  await presetApplied(page);
  expect(await page.evaluate(() => window.lab.state().tiedWeights)).toBe(false);

  // The last step of a chapter leads on to the next chapter.
  await page.getByTestId('step-pill-4').click();
  await expect(page.getByTestId('learn-next')).toHaveText(/Next chapter/);
  await page.getByTestId('learn-next').click();
  await expect(page).toHaveURL(/#\/learn\/undercomplete-overcomplete\/1\?/);
});

test('a step without its own preset continues the previous step’s run, and a deep link to it sets that scenario up', async ({ page }) => {
  await openStep(page, '/learn/linear-pca/3');
  await presetApplied(page);
  await page.evaluate(() => window.lab.step(15));
  await page.getByTestId('learn-next').click();
  await expect(page.locator('#learn-step-title')).toContainText('Step 4 of 4');
  await presetApplied(page);
  // Same run: the history was not reset by moving on.
  await expect.poll(async () => (await seriesValues(page, 'train/loss')).length).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.lab.metrics()['train/loss']?.at(-1)?.step)).toBeGreaterThanOrEqual(15);

  // Opened directly in a fresh page (the lab's defaults), step 4 sets up step 3's scenario.
  await page.goto('about:blank');
  await openStep(page, '/learn/linear-pca/4');
  await presetApplied(page);
  const s = await page.evaluate(() => window.lab.state());
  expect([s.model, s.latent, s.tiedWeights]).toEqual(['linear', 10, true]);
});

test('a step whose settings the lab refuses shows why, keeps the lab as it was, and can try again', async ({ page }) => {
  const errors: string[] = [];
  // The Mult-VAE step needs the MovieLens files: hide them, and the worker refuses the settings.
  await page.context().route('**/datasets/movielens/**', (r) => r.fulfill({ status: 404, body: 'not here' }));
  await openStep(page, '/learn/linear-pca/1', errors);
  await presetApplied(page);
  const before = await page.evaluate(() => window.lab.state());
  await page.evaluate(() => (location.hash = '#/learn/recommenders/4?v=1&backend=wasm&latent=10'));
  const status = page.getByTestId('step-status');
  await expect(status).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
  await expect(page.getByTestId('preset-error')).toContainText('could not be applied');
  await expect(page.getByTestId('learn-panels')).toHaveCount(0);
  expect(await page.evaluate(() => window.lab.state())).toEqual(before);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(status).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
  expect(errors).toEqual([]);
});

test('an unknown chapter falls back to the chapter list with a notice', async ({ page }) => {
  await openStep(page, '/learn/no-such-chapter/2');
  await expect(page.locator('.learn-card')).toHaveCount(12);
  await expect(page.getByTestId('notices')).toContainText('no chapter "no-such-chapter"');
});

test('on a phone the step reads in one column with nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openStep(page, '/learn/linear-pca/1');
  await presetApplied(page);
  await page.evaluate(() => window.lab.step(5));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.learn-panels .panel')].map((p) => p.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(375);
});

test('reduced motion turns the reveal animation off', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openStep(page, '/learn/linear-pca/2');
  await presetApplied(page);
  await page.getByRole('radio').first().check();
  await page.getByTestId('question-run').click();
  const explanation = page.getByTestId('explanation');
  await expect(explanation).toContainText('Not quite');
  expect(await explanation.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('a step page has no serious or critical accessibility violations (axe-core)', async ({ page }) => {
  await openStep(page, '/learn/linear-pca/2');
  await presetApplied(page);
  await page.evaluate(() => window.lab.step(5));
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
});
