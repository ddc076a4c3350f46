// Navigation → first live loss, phase by phase. A benchmark, not a test: it serves a production
// build (vite preview, COOP/COEP as in production), opens the lab in headless Chromium (Debian's)
// and reads the `lab:` performance marks the page and the training worker set on the way
// (src/app/main.tsx, src/engine/startup-marks.ts), plus the navigation and resource timings.
//   cold  N fresh browser contexts, service worker blocked: nothing cached;
//   first N fresh contexts with the service worker allowed: a first visit, precache included;
//   warm  one context with the service worker installed (the PWA's precache, isolation headers
//         from the worker), then N new pages in it.
// Prints one JSON object: the median (and range) of each phase in ms after navigation start.
//
//   node scripts/bench-first-picture.mjs      (after `npx vite build --outDir /tmp/dist-first`)
//
// Environment: LAB_DIST (default /tmp/dist-first), LAB_FIRST_PORT (4205), FIRST_RUNS (5),
// FIRST_MODES (cold,first,warm), FIRST_HASH (extra settings for the lab's hash, e.g. backend=cpu).
// scripts/bench.mjs calls measureFirstPicture for its `first` section.
// The functions handed to Playwright run in the page and the worker:
/* global window, document, requestAnimationFrame, crossOriginIsolated */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

/** The phases, in the order the critical path passes them: [name, where, mark or how]. */
const PHASES = [
  ['html', 'page', 'navigation responseEnd'],
  ['mainJs', 'page', 'lab:main'],
  ['workerStart', 'worker', 'lab:worker-start'],
  ['adapter', 'worker', 'lab:adapter'],
  ['wasmJs', 'worker', 'lab:wasm-js'],
  ['wasmFetched', 'worker', 'resource *.wasm responseEnd'],
  ['backendReady', 'worker', 'lab:backend-ready'],
  ['dataFetched', 'worker', 'lab:data-fetched'],
  ['dataDecoded', 'worker', 'lab:data-decoded'],
  ['runBuilt', 'worker', 'lab:run-built'],
  ['reference', 'worker', 'lab:reference'],
  ['firstSnapshot', 'worker', 'lab:first-snapshot'],
  ['play', 'worker', 'lab:play'],
  ['firstChunk', 'worker', 'lab:first-chunk'],
  ['firstLossPosted', 'worker', 'lab:first-loss-posted'],
  ['renderApp', 'page', 'lab:render-app'],
  ['firstLossInStore', 'page', 'lab:first-loss'],
  ['firstLossDrawn', 'page', 'first frame with the train loss in the loss chart (its line, or its first point as a dot)'],
];

const log = (msg) => console.error(`[first-picture] ${msg}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In the page before anything else: the time of the first frame that shows the train loss. */
export function watchForDrawnLoss() {
  const look = () => {
    // The train line is the loss chart's curve stroked --c1 (the test line is --c2); while it has
    // one point, recharts draws that point as a dot instead of a curve.
    const chart = '[data-testid="loss-chart"]';
    const curve = document.querySelector(`${chart} path.recharts-line-curve[stroke="var(--c1)"]`);
    const onePoint = document.querySelector(`${chart} circle.recharts-line-dot[stroke="var(--c1)"]`);
    if (curve?.getAttribute('d') || onePoint) window.__firstLossDrawn = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

/** One page load: waits for the drawn loss, then reads every mark on both sides. */
async function measureOnce(page, url) {
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.goto(url);
  await page.waitForFunction(() => window.__firstLossDrawn, null, { polling: 50, timeout: 90_000 });
  const pageSide = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('lab:'))
        .reverse()
        .map((m) => [m.name, m.startTime]),
    );
    return { origin: performance.timeOrigin, html: nav?.responseEnd, drawn: window.__firstLossDrawn, marks };
  });
  // The training worker is the one that set lab:worker-start. tfjs's WASM threads are workers
  // too, blocked in Atomics.wait where an evaluate would never return: the build's worker-*.js
  // is asked first, with time to finish the PCA it fits after the first loss; the others get 2 s.
  let workerSide = null;
  const byName = (w) => (/\/worker-[^/]*\.js$|engine\/worker\.ts/.test(w.url()) ? 0 : 1);
  for (const w of [...workers].sort((a, b) => byName(a) - byName(b))) {
    const ask = w.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: Object.fromEntries(
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('lab:'))
          .reverse()
          .map((m) => [m.name, m.startTime]),
      ),
      wasm: performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.wasm'))
        .map((r) => r.responseEnd)[0],
    }));
    const side = await Promise.race([ask.catch(() => null), new Promise((r) => setTimeout(() => r(null), byName(w) ? 2000 : 120_000))]);
    if (side?.marks['lab:worker-start'] !== undefined) {
      workerSide = side;
      break;
    }
  }
  if (!workerSide) throw new Error('The training worker set no lab:worker-start mark.');
  const shift = workerSide.origin - pageSide.origin;
  const at = {};
  for (const [name, where, how] of PHASES) {
    let t;
    if (name === 'html') t = pageSide.html;
    else if (name === 'firstLossDrawn') t = pageSide.drawn;
    else if (name === 'wasmFetched') t = workerSide.wasm === undefined ? undefined : workerSide.wasm + shift;
    else if (where === 'page') t = pageSide.marks[how];
    else t = workerSide.marks[how] === undefined ? undefined : workerSide.marks[how] + shift;
    if (t !== undefined) at[name] = Math.round(t);
  }
  const backend = await page.evaluate(() => window.lab.backend());
  return { at, backend: backend?.adapter ? `${backend.name} (${backend.adapter})` : backend?.name };
}

/** Medians (and ranges) of each phase over the runs. */
function summarise(runs) {
  const phases = {};
  for (const [name] of PHASES) {
    const xs = runs.map((r) => r.at[name]).filter((x) => x !== undefined);
    if (xs.length) phases[name] = xs.length === runs.length ? median(xs) : { median: median(xs), seenIn: xs.length };
  }
  const drawn = runs.map((r) => r.at.firstLossDrawn);
  return { runs: runs.length, backend: runs[0]?.backend, phases, firstLossDrawn: { median: median(drawn), min: Math.min(...drawn), max: Math.max(...drawn) } };
}

/**
 * Measures navigation → first drawn loss with a browser and a served build at `base`:
 * `runs` cold loads (fresh contexts, no service worker), `runs` first visits (fresh contexts,
 * service worker allowed) and `runs` warm ones (service worker installed, precache full). `hash` adds settings to the lab's URL.
 */
export async function measureFirstPicture(browser, base, { runs = 5, modes = ['cold', 'first', 'warm'], hash = '' } = {}) {
  const url = `${base}/#/lab?v=1${hash ? `&${hash}` : ''}`;
  const out = { what: 'ms after navigation start (median of runs); firstLossDrawn also as range', phaseSources: Object.fromEntries(PHASES.map(([n, w, h]) => [n, `${w}: ${h}`])) };
  /** `runs` loads, each in a fresh browser context (nothing cached), the service worker blocked or allowed. */
  const freshLoads = async (label, serviceWorkers) => {
    const loads = [];
    for (let r = 0; r < runs; r++) {
      const context = await browser.newContext({ serviceWorkers });
      await context.addInitScript(watchForDrawnLoss);
      loads.push(await measureOnce(await context.newPage(), url));
      log(`${label} ${r + 1}/${runs}: first loss drawn at ${loads.at(-1).at.firstLossDrawn} ms`);
      await context.close();
    }
    return summarise(loads);
  };
  if (modes.includes('cold')) out.cold = await freshLoads('cold', 'block');
  // A real first visit: the service worker's registration and precache (about 11 MB) run beside
  // the page's own loading (the preview server sends COOP/COEP, so no reload for isolation follows).
  if (modes.includes('first')) out.firstVisit = await freshLoads('first visit', 'allow');
  if (modes.includes('warm')) {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    await context.addInitScript(watchForDrawnLoss);
    // Install: the worker precaches, takes control and (adding the isolation headers) reloads once.
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && !!navigator.serviceWorker.controller, null, {
      polling: 200,
      timeout: 120_000,
    });
    await first.close();
    const warm = [];
    for (let r = 0; r < runs; r++) {
      const page = await context.newPage();
      warm.push(await measureOnce(page, url));
      log(`warm ${r + 1}/${runs}: first loss drawn at ${warm.at(-1).at.firstLossDrawn} ms`);
      warm.at(-1).controlled = await page.evaluate(() => !!navigator.serviceWorker.controller && crossOriginIsolated);
      await page.close();
    }
    await context.close();
    out.warm = { ...summarise(warm), serviceWorkerControlled: warm.every((w) => w.controlled) };
  }
  return out;
}

// ---- Run directly: serve the build, launch Chromium, print the JSON. ----
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const executablePath = env.CHROME_PATH ?? '/usr/bin/chromium';
  const dist = resolve(root, env.LAB_DIST ?? '/tmp/dist-first');
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`No build in ${dist}: run \`npx vite build --outDir ${dist}\` first.`);
    process.exit(1);
  }
  const port = Number(env.LAB_FIRST_PORT ?? 4205);
  const server = await preview({ root, build: { outDir: dist }, preview: { port, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
  });
  const loadavg = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number) : undefined);
  try {
    const before = loadavg();
    const result = await measureFirstPicture(browser, `http://localhost:${port}`, {
      runs: Math.max(1, Number(env.FIRST_RUNS ?? 5)),
      modes: (env.FIRST_MODES ?? 'cold,first,warm').split(','),
      hash: env.FIRST_HASH ?? '',
    });
    console.log(JSON.stringify({ date: new Date().toISOString(), dist, load: { before, after: loadavg() }, ...result }, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}
