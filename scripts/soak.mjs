/* global window -- page.evaluate bodies run in the page */
// npm run soak: a benchmark, not a test. It serves the build (vite preview), opens the lab in
// Debian's Chromium (never a download) and trains live for SOAK_MINUTES (30 by default), with
// the page taking its snapshots and the runs panel saving to IndexedDB as it does for a user.
// Once a minute it pauses (so the run's weights are saved too), collects garbage, and prints:
//   numTensors, MB      tf.memory() in the worker (window.lab.memory())
//   worker heap, bufs   the worker's V8 heap in use and its ArrayBuffer backing stores (the WASM
//                       memory that holds the tensors), read over CDP (Runtime.getHeapUsage):
//                       performance.memory does not exist in a worker
//   page heap           performance.memory.usedJSHeapSize in the page (--enable-precise-memory-info)
//   IndexedDB           navigator.storage.estimate(): the IndexedDB part where Chromium reports it
// then plays on. At minute 2 and the last minute it also takes a page heap snapshot and splits the
// heap and the worker's by kind (heap-composition.mjs: V8's compiled code, JS objects, strings, numbers, DOM), so a
// growth can be told apart: code the JIT adds is bounded by the app's code, data is what leaks.
// At the end it prints each figure's growth from minute 2 to the last minute, in %, and JSON.
// The goal is flat: under 5 % growth after minute 2.
// SOAK_MINUTES, SOAK_PORT, SOAK_SETTINGS (hash settings), LAB_DIST (the build folder), CHROME_PATH.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { heapComposition } from './heap-composition.mjs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROME_PATH.`);
  process.exit(1);
}
const minutes = Number(process.env.SOAK_MINUTES ?? 30);
if (!(Number.isInteger(minutes) && minutes >= 3)) {
  console.error(`SOAK_MINUTES must be a whole number ≥ 3 (growth is measured after minute 2); got ${process.env.SOAK_MINUTES}.`);
  process.exit(1);
}
const port = Number(process.env.SOAK_PORT ?? 4393);
const outDir = process.env.LAB_DIST ?? 'dist';
const settings = process.env.SOAK_SETTINGS ?? 'backend=wasm&model=autoencoder&hiddenLayers=256&latent=32&activation=relu';
const GOAL_PCT = 5;
const MB = 1024 * 1024;

const server = await preview({ build: { outDir }, preview: { port, strictPort: true }, logLevel: 'warn' });
// playwright.config.ts's flags, plus exact (not bucketed) performance.memory figures.
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-webgpu',
    '--enable-precise-memory-info',
  ],
});
const page = await browser.newPage({ serviceWorkers: 'block' });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

/**
 * The lab's engine worker over CDP, as { send, on, off } like a page's CDP session (heapComposition
 * takes either). Playwright's sessions are per page; this one talks through Target messages.
 */
async function attachWorker() {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  // The engine worker is a script file; tfjs's WASM thread pool workers are blob: URLs.
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.startsWith(`http://localhost:${port}/`));
  if (!target) throw new Error(`No lab worker among the targets: ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const waiting = new Map();
  const listeners = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.method) {
      for (const f of listeners.get(m.method) ?? []) f(m.params);
      return;
    }
    const done = waiting.get(m.id);
    if (!done) return;
    waiting.delete(m.id);
    if (m.error) done.reject(new Error(m.error.message));
    else done.resolve(m.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      }),
    on: (method, f) => listeners.set(method, [...(listeners.get(method) ?? []), f]),
    off: (method, f) =>
      listeners.set(
        method,
        (listeners.get(method) ?? []).filter((g) => g !== f),
      ),
  };
}

async function sample(minute, workerCdp, pageCdp) {
  await page.evaluate(() => window.lab.pause());
  // Let the pause's save (run, history and weights into IndexedDB) land, then collect garbage on both sides.
  await page.waitForTimeout(1500);
  await workerCdp.send('HeapProfiler.collectGarbage');
  await pageCdp.send('HeapProfiler.collectGarbage');
  const worker = await workerCdp.send('Runtime.getHeapUsage');
  const p = await page.evaluate(async () => {
    const est = await navigator.storage.estimate();
    const history = window.lab.metrics();
    const train = history['train/loss'] ?? [];
    return {
      // The metric history grows until each series holds MAX_POINTS (300), then stays bounded.
      points: Object.values(history).reduce((n, s) => n + s.length, 0),
      memory: await window.lab.memory(),
      pageHeap: performance.memory?.usedJSHeapSize ?? null,
      idb: est.usageDetails?.indexedDB ?? est.usage ?? null,
      step: train.at(-1)?.step ?? 0,
    };
  });
  // Each heap by kind (a heap snapshot: seconds), where growth is measured from and to.
  const byKind = minute === 2 || minute === minutes;
  const composition = byKind ? await heapComposition(pageCdp) : undefined;
  // The worker's snapshot counts the WASM memory (the tensors) as one native store: left out here, as workerBuffersMB.
  const workerComposition = byKind ? await heapComposition(workerCdp, { skipBackingStores: true }) : undefined;
  await page.evaluate(() => window.lab.play());
  const row = {
    minute,
    step: p.step,
    historyPoints: p.points,
    numTensors: p.memory.numTensors,
    tensorMB: p.memory.numBytes / MB,
    workerHeapMB: worker.usedSize / MB,
    workerBuffersMB: worker.backingStorageSize / MB,
    pageHeapMB: p.pageHeap === null ? null : p.pageHeap / MB,
    indexedDbMB: p.idb === null ? null : p.idb / MB,
    ...(composition ? { pageHeapByKindMB: composition, workerHeapByKindMB: workerComposition } : {}),
  };
  const f = (v, d = 1) => (v === null ? 'n/a' : v.toFixed(d));
  console.log(
    `min ${String(minute).padStart(2)}  step ${String(row.step).padStart(7)}  history points ${row.historyPoints}  numTensors ${row.numTensors}  tensors ${f(row.tensorMB)} MB  ` +
      `worker heap ${f(row.workerHeapMB)} MB (buffers ${f(row.workerBuffersMB)} MB)  page heap ${f(row.pageHeapMB)} MB  IndexedDB ${f(row.indexedDbMB, 2)} MB`,
  );
  return row;
}

let exitCode = 0;
try {
  await page.goto(`http://localhost:${port}/?paused#/lab?v=1&${settings}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function', null, { timeout: 120_000 });
  await page.evaluate(() => window.lab.ready());
  const backend = await page.evaluate(() => window.lab.backend());
  const workerCdp = await attachWorker();
  const pageCdp = await page.context().newCDPSession(page);
  console.log(`soak: ${minutes} min of live training, ${settings}, backend ${backend?.name} (${backend?.adapter})`);
  await page.evaluate(() => window.lab.play());
  const rows = [await sample(0, workerCdp, pageCdp)];
  const start = Date.now();
  for (let m = 1; m <= minutes; m++) {
    await page.waitForTimeout(Math.max(0, start + m * 60_000 - Date.now()));
    rows.push(await sample(m, workerCdp, pageCdp));
  }
  await page.evaluate(() => window.lab.pause());

  // Growth from minute 2 (after warm-up: Adam's slots, the first saves, the history filling) to the end.
  const base = rows[2];
  const last = rows.at(-1);
  const keys = ['numTensors', 'tensorMB', 'workerHeapMB', 'workerBuffersMB', 'pageHeapMB', 'indexedDbMB'];
  const growthPct = Object.fromEntries(
    keys.map((k) => [k, base[k] === null || last[k] === null ? null : base[k] === 0 ? (last[k] === 0 ? 0 : null) : (100 * (last[k] - base[k])) / base[k]]),
  );
  const flat = Object.values(growthPct).every((g) => g !== null && g < GOAL_PCT);
  console.log(
    `growth after minute 2: ${keys.map((k) => `${k} ${growthPct[k] === null ? 'n/a' : `${growthPct[k].toFixed(2)} %`}`).join(', ')}; goal < ${GOAL_PCT} %: ${flat ? 'flat' : 'NOT flat'}`,
  );
  // Which kind of heap grew: V8's compiled code is bounded by the app's code; data is what leaks.
  const growthByKind = (field) =>
    Object.fromEntries(
      Object.keys(last[field] ?? {}).map((k) => {
        const [a, b] = [base[field]?.[k] ?? 0, last[field][k]];
        return [k, { minute2MB: +a.toFixed(3), lastMB: +b.toFixed(3), growthPct: a ? +((100 * (b - a)) / a).toFixed(1) : null }];
      }),
    );
  const pageHeapGrowthByKind = growthByKind('pageHeapByKindMB');
  const workerHeapGrowthByKind = growthByKind('workerHeapByKindMB');
  for (const [name, g] of [
    ['page', pageHeapGrowthByKind],
    ['worker', workerHeapGrowthByKind],
  ]) {
    const kinds = Object.keys(g);
    if (kinds.length) console.log(`${name} heap by kind, minute 2 → ${minutes} (heap snapshots): ${kinds.map((k) => `${k} ${g[k].minute2MB} → ${g[k].lastMB} MB`).join(', ')}`);
  }
  if (errors.length) console.log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
  console.log(
    JSON.stringify(
      { minutes, settings, backend, rows, growthAfterMinute2Pct: growthPct, pageHeapGrowthByKind, workerHeapGrowthByKind, goalPct: GOAL_PCT, flat, pageErrors: errors.length },
      null,
      2,
    ),
  );
} catch (e) {
  console.error(`soak failed: ${e.message}${errors.length ? ` (page errors: ${errors.slice(0, 3).join(' | ')})` : ''}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
