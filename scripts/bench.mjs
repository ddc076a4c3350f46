// npm run bench: a benchmark, not a test. In headless Chromium (Debian's, never a
// download) it measures training samples/s per backend for a fixed autoencoder
// (784-256-32-256-784, batch 128, after warm-up) and counts main-thread tasks over
// 50 ms during 10 s of training. Prints JSON. WebGPU on SwiftShader (a CPU) is
// reported but flagged: it is not a GPU figure.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROME_PATH.`);
  process.exit(1);
}
const port = Number(process.env.BENCH_PORT ?? 4391);
const backends = (process.env.BENCH_BACKENDS ?? 'webgpu,wasm,webgl,cpu').split(',');
const FIXED = { model: 'autoencoder', hiddenLayers: '256', latent: 32, activation: 'relu', batchSize: 128 };
const FALLBACK = { model: 'linear', latent: 32, batchSize: 128 };

const server = await preview({ preview: { port, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
});

async function open(hash) {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/?paused#/lab?v=1&${hash}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  return page;
}

/** Applies the fixed architecture (or the linear fallback while it is unavailable). */
async function configure(page) {
  const fixed = await page.evaluate(
    (s) =>
      window.lab.set(s).then(
        () => true,
        () => false,
      ),
    FIXED,
  );
  if (fixed) return '784-256-32-256-784 relu autoencoder';
  await page.evaluate((s) => window.lab.set(s), FALLBACK);
  return '784-32-784 linear autoencoder (fallback)';
}

async function stepsPerSecond(page, backend) {
  const warm = backend === 'cpu' || backend === 'webgpu' ? 3 : 20;
  await page.evaluate((n) => window.lab.step(n), warm);
  // Time about 3 s of steps (at least 5 steps).
  let steps = 5;
  for (;;) {
    const t0 = Date.now();
    await page.evaluate((n) => window.lab.step(n), steps);
    const ms = Date.now() - t0;
    if (ms > 3000 || steps >= 4096) return { steps, ms };
    steps = Math.min(4096, Math.ceil(steps * Math.max(2, 3500 / Math.max(ms, 1))));
  }
}

const results = [];
for (const backend of backends) {
  const page = await open(`backend=${backend}`);
  const info = await page.evaluate(() => window.lab.backend());
  if (info?.name !== backend) {
    results.push({ backend, skipped: `not available here (got ${info?.name})` });
    await page.close();
    continue;
  }
  const model = await configure(page);
  const { steps, ms } = await stepsPerSecond(page, backend);
  const memory = await page.evaluate(() => window.lab.memory());
  results.push({
    backend,
    adapter: info.adapter,
    model,
    batchSize: 128,
    stepsTimed: steps,
    msPerStep: +(ms / steps).toFixed(2),
    samplesPerSecond: Math.round((steps * 128) / (ms / 1000)),
    workerTensors: memory.numTensors,
    note: /swiftshader/i.test(info.adapter) ? 'software WebGPU (SwiftShader on the CPU): not a GPU figure' : undefined,
  });
  await page.close();
}

// Main-thread smoothness: long tasks (> 50 ms) during 10 s of live training.
const page = await open('');
const smoothModel = await configure(page);
const longTasks = await page.evaluate(async () => {
  let count = 0;
  let worst = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count++;
      worst = Math.max(worst, e.duration);
    }
  });
  obs.observe({ type: 'longtask', buffered: false });
  // Each snapshot rewrites the step readout: count them.
  let snapshots = 0;
  const readout = document.querySelector('[data-testid="readout"]');
  const mo = new MutationObserver(() => snapshots++);
  if (readout) mo.observe(readout, { childList: true, subtree: true, characterData: true });
  window.lab.play();
  await new Promise((r) => setTimeout(r, 10_000));
  window.lab.pause();
  obs.disconnect();
  mo.disconnect();
  return { count, worstMs: Math.round(worst), snapshots };
});
const autoBackend = await page.evaluate(() => window.lab.backend());
const snapshotsPerSecond = longTasks.snapshots / 10;
const testLossPoints = await page.evaluate(() => (window.lab.metrics()['test/loss'] ?? []).length);

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      chromium: browser.version(),
      stepBenchmarks: results,
      mainThread: {
        backend: autoBackend,
        model: smoothModel,
        trainingSeconds: 10,
        longTasksOver50ms: longTasks.count,
        worstLongTaskMs: longTasks.worstMs,
        snapshotsPerSecond,
        testLossPoints,
      },
    },
    null,
    2,
  ),
);
await browser.close();
await server.close();
