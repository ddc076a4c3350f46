import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

test('the lab has no serious or critical accessibility violations (axe-core)', async ({ page }) => {
  await openLab(page, 'backend=wasm');
  await page.evaluate(() => window.lab.step(5));
  expect(await seriousViolations(page)).toEqual([]);
});

test('the lab in presentation mode has none either', async ({ page }) => {
  await openLab(page, 'backend=wasm&present=true');
  expect(await seriousViolations(page)).toEqual([]);
});

test('a walkthrough page has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('./?paused#/learn?v=1&backend=wasm');
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  expect(await seriousViolations(page)).toEqual([]);
});
