// Main-thread smoothness during live training, per view: the tasks over 50 ms (Chromium's
// Long Tasks API) in 10 s of Play, the worst of them, and the total blocking time (TBT: the
// sum of each long task's time past 50 ms, as Lighthouse counts it). scripts/bench.mjs calls
// measureJank for its `mainThread` section; run alone it prints the same JSON:
//
//   LAB_DIST=/tmp/dist-x LAB_BENCH_PORT=4205 node scripts/bench-jank.mjs
//
// Environment (alone): LAB_DIST (default dist/), LAB_BENCH_PORT (4392), CHROME_PATH,
// BENCH_JANK_VIEWS (lab,vae,movielens), BENCH_JANK_SECONDS (10), BENCH_JANK_BACKEND (the lab's
// default when unset), BENCH_JANK_PROFILE (a folder: writes <view>.cpuprofile, the main
// thread's JS profile over the same 10 s, and <view>.tasks.json, the long tasks' attribution),
// BENCH_JANK_QUERY (added to the page's query, e.g. threads=1), BENCH_JANK_CPU=1 (adds `cpu`: the same figures from each task's main-thread CPU time, from
// a Chrome trace, for a loaded machine where waiting for a core inflates the wall times).
// The functions handed to page.evaluate run in the page.
/* global window */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The three views issue 13 names, as hashes on the defaults (whose hiddenPanels is empty: every panel shown). */
export const JANK_VIEWS = [
  { id: 'lab', view: 'lab (MNIST, default dense autoencoder)', hash: '' },
  { id: 'vae', view: 'VAE with all its panels', hash: 'model=vae' },
  {
    id: 'movielens',
    view: 'MovieLens latest-small, Mult-VAE with all its panels',
    hash: 'dataset=movielens-latest-small&model=mult-vae',
    needs: 'public/datasets/movielens/ml-latest-small/ratings.csv',
  },
];

const round = (x, d = 1) => +x.toFixed(d);

/** One view: open it paused, wait for its data, Play for `seconds`, observing long tasks. */
async function measureView(browser, base, v, { seconds, backend, profile, trace, query }) {
  const page = await browser.newPage({ serviceWorkers: 'block', viewport: { width: 1400, height: 900 } });
  const hash = [v.hash, backend ? `backend=${backend}` : ''].filter(Boolean).join('&');
  await page.goto(`${base}/?paused${query ? `&${query}` : ''}#/lab?v=1${hash ? `&${hash}` : ''}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  // Let the first picture and the panels' first queries settle: the figure is about training.
  await page.waitForTimeout(1500);
  const info = await page.evaluate(() => window.lab.backend());
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  let cdp = null;
  if (profile) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const r = await page.evaluate(async (ms) => {
    const tasks = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration), by: e.attribution?.[0]?.containerType });
    });
    obs.observe({ type: 'longtask', buffered: false });
    const series = () => window.lab.metrics()['train/loss']?.length ?? 0;
    const start = series();
    const t0 = performance.now();
    window.lab.play();
    await new Promise((r) => setTimeout(r, ms));
    window.lab.pause();
    obs.disconnect();
    return { tasks, t0: Math.round(t0), points: series() - start };
  }, seconds * 1000);
  const cpu = trace ? cpuLongTasks(JSON.parse((await browser.stopTracing()).toString())) : undefined;
  if (cdp) {
    const { profile: p } = await cdp.send('Profiler.stop');
    mkdirSync(profile, { recursive: true });
    writeFileSync(join(profile, `${v.id}.cpuprofile`), JSON.stringify(p));
    writeFileSync(join(profile, `${v.id}.tasks.json`), JSON.stringify(r, null, 1));
  }
  await page.close();
  const ms = r.tasks.map((t) => t.ms);
  return {
    view: v.view,
    backend: info ? `${info.name} (${info.adapter})` : null,
    longTasksOver50ms: ms.length,
    worstMs: Math.max(0, ...ms),
    // TBT: the part of each long task past 50 ms.
    totalBlockingMs: ms.reduce((s, d) => s + Math.max(0, d - 50), 0),
    totalLongMs: ms.reduce((s, d) => s + d, 0),
    lossPointsPerSecond: round(r.points / seconds),
    cpu,
  };
}

/**
 * The same figures from the main thread's CPU time per task (a trace's RunTask tdur) rather
 * than its wall time: what the machine's other load adds to a task's wall time (waiting for
 * a core) is left out, so a loaded machine still says how long each task's own work is.
 */
function cpuLongTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.tdur != null);
  const ms = tasks.map((e) => e.tdur / 1000).filter((d) => d > 50);
  const busy = tasks.reduce((s, e) => s + e.tdur / 1000, 0);
  return {
    longTasksOver50ms: ms.length,
    worstMs: Math.round(Math.max(0, ...ms)),
    totalBlockingMs: Math.round(ms.reduce((s, d) => s + d - 50, 0)),
    mainThreadBusyMs: Math.round(busy),
  };
}

/** Every view in `ids` (skipping MovieLens without its files) in one browser against `base`. */
export async function measureJank(browser, base, { ids = JANK_VIEWS.map((v) => v.id), seconds = 10, backend, profile, trace, query } = {}) {
  const out = [];
  for (const v of JANK_VIEWS.filter((x) => ids.includes(x.id))) {
    if (v.needs && !existsSync(join(root, v.needs))) {
      out.push({ view: v.view, skipped: `no ${v.needs} (npm run data with MOVIELENS_DIR)` });
      continue;
    }
    console.error(`[bench-jank] ${v.view}`);
    out.push(await measureView(browser, base, v, { seconds, backend, profile, trace, query }));
  }
  return out;
}

// ---- Alone: its own preview server and browser. ----
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const { chromium } = await import('playwright-core');
  const { preview } = await import('vite');
  const dist = resolve(root, env.LAB_DIST ?? 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`No build in ${dist}: build first (npx vite build --outDir ${dist}).`);
    process.exit(1);
  }
  const port = Number(env.LAB_BENCH_PORT ?? 4392);
  const server = await preview({ root, build: { outDir: dist }, preview: { port, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
  });
  const loadAvg = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number) : undefined);
  const before = loadAvg();
  const mainThread = await measureJank(browser, `http://localhost:${port}`, {
    ids: env.BENCH_JANK_VIEWS?.split(','),
    seconds: Number(env.BENCH_JANK_SECONDS ?? 10),
    backend: env.BENCH_JANK_BACKEND,
    profile: env.BENCH_JANK_PROFILE ? resolve(env.BENCH_JANK_PROFILE) : undefined,
    trace: env.BENCH_JANK_CPU === '1',
    query: env.BENCH_JANK_QUERY,
  });
  console.log(JSON.stringify({ date: new Date().toISOString(), dist, load: { before, after: loadAvg() }, mainThread }, null, 2));
  await browser.close();
  await server.close();
}
