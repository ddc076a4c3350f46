import { expect, test } from '@playwright/test';

// The first picture (README, "Benchmarks"): the lab mounts the panels of its first screen with
// the page and the rest once the first train loss is drawn, so their React and chart work does
// not delay it; then every panel is there, below the ones the learner is looking at.

/** In the page before anything runs: when the train loss is first drawn, and when each panel first appears. */
function watchFirstPicture() {
  const w = window as unknown as { __drawn?: number; __mounted: Record<string, number> };
  w.__mounted = {};
  const look = () => {
    for (const el of document.querySelectorAll('[data-panel]')) w.__mounted[el.getAttribute('data-panel')!] ??= performance.now();
    const curve = document.querySelector('[data-testid="loss-chart"] path.recharts-line-curve[stroke="var(--c1)"]');
    const dot = document.querySelector('[data-testid="loss-chart"] circle.recharts-line-dot[stroke="var(--c1)"]');
    if ((curve?.getAttribute('d') || dot) && w.__drawn === undefined) w.__drawn = performance.now();
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

test('a playing lab draws its first loss before the panels below the first screen mount, then mounts them all', async ({ page }) => {
  await page.addInitScript(watchFirstPicture);
  await page.goto('./#/lab?v=1&backend=wasm&model=autoencoder&latent=8');
  await page.waitForFunction(() => (window as unknown as { __drawn?: number }).__drawn !== undefined);
  // The default autoencoder's panels, in order: the first three share the first screen.
  const expected = ['loss', 'weights', 'reconstructions', 'code-activity', 'drawing-pad', 'jacobian', 'sensitivity'];
  await expect(page.locator('[data-panel="compare"]')).toBeAttached(); // the last of its 12
  await expect(page.locator('[data-panel]')).toHaveCount(12);
  const { drawn, mounted } = await page.evaluate(() => {
    const w = window as unknown as { __drawn: number; __mounted: Record<string, number> };
    return { drawn: w.__drawn, mounted: w.__mounted };
  });
  for (const id of expected.slice(0, 3)) expect(mounted[id], `${id} mounts with the page`).toBeLessThanOrEqual(drawn);
  for (const id of expected.slice(3)) expect(mounted[id], `${id} mounts after the first loss is drawn`).toBeGreaterThan(drawn);
  await page.evaluate(() => window.lab.pause());
});
