import { expect, type Page } from '@playwright/test';

/** Opens the lab paused (no autoplay) with the given hash settings and waits until it is ready. */
export async function openLab(page: Page, hashParams = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?paused#/lab?v=1${hashParams ? `&${hashParams}` : ''}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  expect(errors).toEqual([]);
}

/** Fraction of a canvas's pixels that differ from its first pixel: 0 for a blank canvas. */
export async function canvasInk(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let differ = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) differ++;
    return differ / (d.length / 4);
  });
}

export async function seriesValues(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => (window.lab.metrics()[n] ?? []).map((p) => p.value), name);
}
