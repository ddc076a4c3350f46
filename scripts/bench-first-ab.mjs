// Two builds' first pictures, taking turns: navigation → first live loss drawn, in cold loads
// (fresh browser contexts, service worker blocked), alternating A, B, B, A, … so that both see
// the same load on the machine. A benchmark, not a test. On the 2-core machine a build's first
// picture moves by ±0.1–0.2 s from one run to the next, more than most changes to it: compare
// builds this way, not by two runs of bench-first-picture.mjs minutes apart.
//
//   npx vite build --outDir /tmp/dist-a   (at the old commit)
//   npx vite build --outDir /tmp/dist-b   (at the new one)
//   node scripts/bench-first-ab.mjs /tmp/dist-a /tmp/dist-b
//
// Environment: AB_LOADS (loads of each build, 10), CHROME_PATH. Prints one JSON object: each
// build's loads in ms, their medians, and the median of the paired differences B − A.
/* global window */
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { watchForDrawnLoss } from './bench-first-picture.mjs';

const [distA, distB] = process.argv.slice(2).map((d) => resolve(d));
if (!distA || !distB) {
  console.error('Usage: node scripts/bench-first-ab.mjs <dist A> <dist B>');
  process.exit(1);
}
const loads = Math.max(1, Number(process.env.AB_LOADS ?? 10));
const servers = await Promise.all([distA, distB].map((outDir, i) => preview({ build: { outDir }, preview: { port: 4231 + i, strictPort: true }, logLevel: 'warn' })));
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
});

/** One cold load of the build on `port`: ms from navigation to the first drawn train loss. */
async function coldLoad(port) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.addInitScript(watchForDrawnLoss);
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/#/lab?v=1`);
    await page.waitForFunction(() => window.__firstLossDrawn, null, { polling: 50, timeout: 90_000 });
    return Math.round(await page.evaluate(() => window.__firstLossDrawn));
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a = [];
const b = [];
try {
  for (let i = 0; i < loads; i++) {
    // A then B, then B then A: neither build always goes first.
    if (i % 2 === 0) {
      a.push(await coldLoad(4231));
      b.push(await coldLoad(4232));
    } else {
      b.push(await coldLoad(4232));
      a.push(await coldLoad(4231));
    }
    console.error(`[first-ab] ${i + 1}/${loads}: A ${a.at(-1)} ms, B ${b.at(-1)} ms`);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
console.log(JSON.stringify({ distA, distB, a, b, medianA: median(a), medianB: median(b), medianPairedBMinusA: median(b.map((x, i) => x - a[i])) }, null, 2));
