import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

// A panel nobody can see (scrolled away, or its tab hidden) holds still while the lab trains:
// no re-render, no worker query per snapshot. Seen again, it shows the current run at once.
// The Jacobian panel sits far below the fold of the default autoencoder's view, its "now"
// figure is the last point of the diag/jacobianNorm series, and every lab.step adds one.

const jacobianNow = (page: Page) => page.getByTestId('jacobian-now');
/** The last diag/jacobianNorm point, as the panel prints it. */
const latest = (page: Page) => page.evaluate(() => window.lab.metrics()['diag/jacobianNorm']?.at(-1)?.value.toFixed(3) ?? '—');
/** Waits out the per-panel tasks a snapshot schedules (live-updates.ts), so a live panel would have drawn it. */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))));

test('a panel off screen or in a hidden tab holds still while training, and shows the current run as soon as it is seen', async ({ page }) => {
  await openLab(page, 'model=autoencoder&latent=8');
  const panel = page.locator('[data-panel="jacobian"]');
  const box = await panel.boundingBox();
  expect(box!.y).toBeGreaterThan(page.viewportSize()!.height + 200); // below the fold and its margin
  // A held panel still takes the first snapshot (it sets panels' sizes: store.ts, panelLayout), so
  // what it holds is the step-0 figure: wait until that is in (a paused run measures step 0 first).
  await expect.poll(() => latest(page), { timeout: 60_000 }).not.toBe('—');
  await settle(page);
  const atOpen = (await jacobianNow(page).textContent())!;
  expect(atOpen).toBe(await latest(page)); // the first snapshot's figure, though off screen

  // Off screen: the series grows, the panel keeps what it showed.
  await page.evaluate(() => window.lab.step(20));
  await expect(page.getByTestId('readout')).toContainText('step 20');
  await settle(page);
  const after20 = await latest(page);
  expect(after20).not.toBe(atOpen);
  await expect(jacobianNow(page)).toHaveText(atOpen);

  // Seen: the current value at once.
  await panel.scrollIntoViewIfNeeded();
  await expect(jacobianNow(page)).toHaveText(after20, { timeout: 5_000 });

  // Seen and live: a step shows up while it stays in view.
  await page.evaluate(() => window.lab.step(20));
  const after40 = await latest(page);
  expect(after40).not.toBe(after20);
  await expect(jacobianNow(page)).toHaveText(after40, { timeout: 5_000 });

  // A hidden tab: even a panel in view holds still, and catches up when the tab is shown.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.evaluate(() => window.lab.step(20));
  await settle(page);
  const after60 = await latest(page);
  expect(after60).not.toBe(after40);
  await expect(jacobianNow(page)).toHaveText(after40);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(jacobianNow(page)).toHaveText(after60, { timeout: 5_000 });
});
