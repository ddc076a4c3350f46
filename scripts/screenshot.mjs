// npm run screenshot: trains the default lab for a while in headless Chromium and
// saves docs/screenshot.png for the README. Optional: SCREENSHOT_HASH, SCREENSHOT_STEPS.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}`);
const hash = process.env.SCREENSHOT_HASH ?? 'backend=wasm';
const steps = Number(process.env.SCREENSHOT_STEPS ?? 600);
const out = process.env.SCREENSHOT_OUT ?? 'docs/screenshot.png';
const server = await preview({ preview: { port: 4392, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
});
const page = await browser.newPage({ serviceWorkers: 'block', viewport: { width: 1440, height: 1000 } });
await page.goto(`http://localhost:4392/?paused#/lab?v=1&${hash}`);
await page.waitForFunction(() => typeof window.lab?.ready === 'function');
await page.evaluate(() => window.lab.ready());
for (let done = 0; done < steps; done += 50) await page.evaluate(() => window.lab.step(50));
// A panel off screen holds still (src/state/offscreen.ts): a viewport as tall as the page shows every
// panel, so each draws the current run before the picture is taken.
const height = await page.evaluate(() => document.documentElement.scrollHeight);
await page.setViewportSize({ width: 1440, height });
await page.waitForTimeout(1500);
await page.screenshot({ path: out, fullPage: true });
console.log(`saved ${out}`);
await browser.close();
await server.close();
