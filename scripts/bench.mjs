// npm run bench: a benchmark, not a test. In headless Chromium (Debian's, never a download) it
// prints one JSON object with:
//   bundle      the production build's JS: what the page and the worker load first, all of it;
//   firstLoss   navigation → first drawn training loss, phase by phase (cold, first visit and warm with the
//               service worker), and the backend: scripts/bench-first-picture.mjs;
//   steps       training samples/s of the bench net (784-256-32-256-784 ReLU, batch 128) per backend:
//               live (the whole of lab.step, with the panels' snapshots) and the optimizer steps alone;
//   threads     the same on WASM at each thread count (?threads=N), with the roofline at that count:
//               the GFLOP/s of plain forward matMuls at the net's shapes on the same backend, the
//               step's achieved GFLOP/s (stepFlops per sample, steps alone) and their ratio; and
//               the same products with new weights at every call, as a step has them (XNNPACK
//               packs each new weight matrix, on one thread): the roofline tfjs's matMul allows;
//               the roofline is tfjs's own matMul; the lab's (it packs the smaller operand) on
//               new operands is reported beside it;
//   peers       ConvNetJS 0.3 training its own MNIST demo net (784-50-50-2-50-50-784 tanh, batch 50)
//               on real digits in the same browser, the lab on that net, and a naive tfjs-layers
//               model.fit on the bench net, with the ratios;
//   pytorch     bench/torch_reference.py's samples/s for both nets (skipped without python3-torch);
//   jank        (out.mainThread) tasks over 50 ms on the page during 10 s of live training (count, worst, total
//               blocking time): the lab view, the VAE view with all its panels, Mult-VAE on
//               MovieLens latest-small (skipped without its files); scripts/bench-jank.mjs alone;
//   presets     per preset, seconds from Play until its declared claim holds, live on WASM
//               (scripts/bench-presets.mjs; goal ≤ 20 s);
//   gpu         WebGPU dispatches, submits, readbacks (mapAsync) and uploads per training step of
//               the bench net and the VAE, counted in the worker, never timed (bench-gpu-counts.mjs).
// WebGPU on SwiftShader (a CPU) is reported but flagged: it is not a GPU figure. The machine's
// other load shows up in every figure: each timing is repeated (BENCH_REPEATS, default 3) and
// reported as median and range.
//
// Environment: LAB_DIST (the build to serve, default dist/), LAB_BENCH_PORT (or BENCH_PORT; 4391),
// BENCH_BACKENDS (webgpu,wasm,webgl,cpu), BENCH_THREADS (1..cores), BENCH_SECTIONS (all of
// bundle,first,steps,threads,peers,pytorch,jank,presets,gpu), BENCH_REPEATS, BENCH_PYTHON; the
// presets and gpu sections' own variables are in their files.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { measureFirstPicture } from './bench-first-picture.mjs';
import { measureJank } from './bench-jank.mjs';
import { benchGpuCounts } from './bench-gpu-counts.mjs';
import { benchPresets } from './bench-presets.mjs';

const env = process.env;
const root = fileURLToPath(new URL('..', import.meta.url));
const executablePath = env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROME_PATH.`);
  process.exit(1);
}
const dist = resolve(root, env.LAB_DIST ?? 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`No build in ${dist}: run \`npm run build\` (or \`npx vite build --outDir ${dist}\`) first.`);
  process.exit(1);
}
const port = Number(env.LAB_BENCH_PORT ?? env.BENCH_PORT ?? 4391);
const backends = (env.BENCH_BACKENDS ?? 'webgpu,wasm,webgl,cpu').split(',');
const sections = new Set((env.BENCH_SECTIONS ?? 'bundle,first,steps,threads,peers,pytorch,jank,presets,gpu').split(','));
const repeats = Math.max(1, Number(env.BENCH_REPEATS ?? 3));
const cores = cpus().length;
const threadCounts = env.BENCH_THREADS ? env.BENCH_THREADS.split(',').map(Number) : Array.from({ length: Math.min(cores, 8) }, (_, i) => i + 1);
const log = (msg) => console.error(`[bench] ${msg}`);

/** The bench net and ConvNetJS's demo net, as lab settings and as layer widths. */
const BENCH_NET = { widths: [784, 256, 32, 256, 784], batch: 128, settings: { model: 'autoencoder', hiddenLayers: '256', latent: 32, activation: 'relu', batchSize: 128 } };
const CONVNET_NET = { widths: [784, 50, 50, 2, 50, 50, 784], batch: 50, settings: { model: 'autoencoder', hiddenLayers: '50-50', latent: 2, activation: 'tanh', batchSize: 50 } };
/**
 * Flops of one sample's training step: each layer's in·out multiply–adds three times (forward,
 * ∂L/∂x, ∂L/∂W), 2 flops each, less the first layer's ∂L/∂x (the data's gradient: never computed).
 */
const stepFlops = (widths) => 6 * widths.slice(1).reduce((s, out, i) => s + widths[i] * out, 0) - 2 * widths[0] * widths[1];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const round = (x, d = 2) => +x.toFixed(d);

// ---- Bundle sizes: the files each entry loads before anything runs (its static imports). ----
function bundleSizes() {
  const read = (f) => readFileSync(join(dist, f));
  const imports = (file) =>
    [
      ...read(file)
        .toString()
        .matchAll(/\bimport\s*(?!\()(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g),
    ].map((m) => `assets/${m[1]}`);
  const closure = (start) => {
    const seen = new Set();
    const todo = [...start];
    while (todo.length) {
      const f = todo.pop();
      if (seen.has(f) || !existsSync(join(dist, f))) continue;
      seen.add(f);
      todo.push(...imports(f));
    }
    return [...seen];
  };
  const measure = (files) => {
    const bytes = files.reduce((s, f) => s + read(f).length, 0);
    const gzip = files.reduce((s, f) => s + gzipSync(read(f)).length, 0);
    return { files: files.length, kB: Math.round(bytes / 1024), gzipKB: Math.round(gzip / 1024) };
  };
  const html = read('index.html').toString();
  const entry = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const assets = readdirSync(join(dist, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const workers = js.filter((f) => /\/worker-[^/]+\.js$/.test(f));
  const largest = js
    .map((f) => ({ file: f.replace('assets/', ''), kB: Math.round(read(f).length / 1024) }))
    .sort((a, b) => b.kB - a.kB)
    .slice(0, 6);
  const wasm = assets.filter((f) => f.endsWith('.wasm')).map((f) => ({ file: f, kB: Math.round(read(`assets/${f}`).length / 1024) }));
  return { pageInitial: measure(closure(entry)), workerInitial: measure(closure(workers)), allJs: measure(js), largestJs: largest, wasm };
}

// ---- The browser, the server and the peers page (built into <dist>/bench-peers, never shipped). ----
if (sections.has('peers') || sections.has('threads')) {
  await build({ configFile: join(root, 'bench/peers/vite.config.ts'), build: { outDir: join(dist, 'bench-peers') } });
}
const server = await preview({ root, build: { outDir: dist }, preview: { port, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
});
const base = `http://localhost:${port}`;

async function openLab(hash, query = 'paused') {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`${base}/?${query}#/lab?v=1${hash ? `&${hash}` : ''}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  return page;
}

async function openPeers(query = '') {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`${base}/bench-peers/index.html${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => typeof window.peers?.run === 'function');
  return page;
}

/**
 * Training samples/s through window.lab.step: warm-up, then `repeats` timings of about 2 s.
 * `live` is the whole of lab.step (with the snapshots and test losses the panels get, at the
 * live pace); `steps` the optimizer steps alone: the worker's own rate for each chunk of steps
 * between readbacks (speed/samplesPerSecond), median over the timed chunks.
 */
async function labSamplesPerSecond(page, batch, slow) {
  let { step: from } = await page.evaluate((n) => window.lab.step(n), slow ? 3 : 20);
  let steps = 5;
  const rates = [];
  const chunkMedians = [];
  while (rates.length < repeats) {
    const t0 = Date.now();
    const { step: to } = await page.evaluate((n) => window.lab.step(n), steps);
    const ms = Date.now() - t0;
    if (ms > 1500 || steps >= 4096) {
      rates.push((steps * batch) / (ms / 1000));
      const chunks = await page.evaluate(() => window.lab.metrics()['speed/samplesPerSecond'] ?? []);
      const inWindow = chunks.filter((p) => p.step > from && p.step <= to).map((p) => p.value);
      if (inWindow.length) chunkMedians.push(median(inWindow));
    } else steps = Math.min(4096, Math.ceil(steps * Math.max(2, 2000 / Math.max(ms, 1))));
    from = to;
  }
  return { live: spread(rates.map((r) => Math.round(r))), steps: chunkMedians.length ? spread(chunkMedians.map((r) => Math.round(r))) : null };
}

async function labOnNet(net, backend, query = 'paused') {
  const page = await openLab(`backend=${backend}`, query);
  const info = await page.evaluate(() => window.lab.backend());
  if (info?.name !== backend) {
    await page.close();
    return { backend, skipped: `not available here (got ${info?.name})` };
  }
  await page.evaluate((s) => window.lab.set(s), net.settings);
  const { live, steps } = await labSamplesPerSecond(page, net.batch, backend === 'cpu' || backend === 'webgpu');
  const memory = await page.evaluate(() => window.lab.memory());
  await page.close();
  return {
    backend,
    adapter: info.adapter,
    threads: info.threads,
    samplesPerSecond: live,
    msPerStep: round((1000 * net.batch) / live.median),
    stepSamplesPerSecond: steps,
    stepMs: steps ? round((1000 * net.batch) / steps.median) : undefined,
    workerTensors: memory.numTensors,
    note: /swiftshader/i.test(info.adapter) ? 'software WebGPU (SwiftShader on the CPU): not a GPU figure' : undefined,
  };
}

const out = { date: new Date().toISOString(), chromium: browser.version(), cores, load: undefined, benchNet: '784-256-32-256-784 relu, batch 128' };
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
out.load = { before: existsSync('/proc/loadavg') ? loadAvg() : undefined };

if (sections.has('bundle')) out.bundle = bundleSizes();

// ---- Navigation → first live loss, phase by phase (scripts/bench-first-picture.mjs): cold (fresh
// contexts, no service worker) and warm (the service worker installed), median of BENCH_REPEATS. ----
if (sections.has('first')) {
  log('navigation → first live loss');
  out.firstLoss = await measureFirstPicture(browser, base, { runs: repeats });
}

// ---- Samples/s per backend. ----
if (sections.has('steps')) {
  out.steps = [];
  for (const backend of backends) {
    log(`steps on ${backend}`);
    out.steps.push(await labOnNet(BENCH_NET, backend));
  }
}

// ---- WASM at each thread count, against the roofline measured at that count. ----
if (sections.has('threads')) {
  out.threads = [];
  for (const t of threadCounts) {
    log(`WASM with ${t} thread(s)`);
    const peers = await openPeers(`threads=${t}`);
    const info = await peers.evaluate(() => window.peers.run({ kind: 'backend' }));
    const roofs = [];
    const freshRoofs = [];
    const labRoofs = [];
    let roof = null;
    for (let r = 0; r < repeats; r++) {
      roof = await peers.evaluate((task) => window.peers.run(task), { kind: 'roofline', widths: BENCH_NET.widths, batch: BENCH_NET.batch, seconds: 1.5 });
      roofs.push(roof.forwardGflops);
      freshRoofs.push(roof.forwardFreshWeightsGflops);
      labRoofs.push(roof.forwardLabFreshWeightsGflops);
    }
    await peers.close();
    const lab = await labOnNet(BENCH_NET, 'wasm', `paused&threads=${t}`);
    const achieved = ((lab.stepSamplesPerSecond ?? lab.samplesPerSecond).median * stepFlops(BENCH_NET.widths)) / 1e9;
    const achievedLive = (lab.samplesPerSecond.median * stepFlops(BENCH_NET.widths)) / 1e9;
    out.threads.push({
      threadsAsked: t,
      threadsInUse: lab.threads,
      peersThreads: info.threads,
      samplesPerSecond: lab.samplesPerSecond,
      stepSamplesPerSecond: lab.stepSamplesPerSecond,
      rooflineGflops: spread(roofs),
      rooflineDetail: { forwardByShape: roof.forwardByShape, backwardGflops: roof.backwardGflops },
      stepGflops: round(achieved),
      ratioToRoofline: round(achieved / median(roofs)),
      liveGflops: round(achievedLive),
      liveRatioToRoofline: round(achievedLive / median(roofs)),
      rooflineSamplesPerSecond: Math.round((median(roofs) * 1e9) / stepFlops(BENCH_NET.widths)),
      // The same products with a new b at every call, as a step's weights are (XNNPACK packs each
      // new b, on one thread): the roofline a training step can reach with tfjs's matMul.
      freshWeightsRooflineGflops: spread(freshRoofs),
      // The lab's matMul (wasm-matmul.ts: it packs the smaller operand) on the same new operands.
      labFreshWeightsGflops: spread(labRoofs),
      ratioToFreshWeightsRoofline: round(achieved / median(freshRoofs)),
    });
  }
  const best = out.threads.reduce((a, b) => (b.samplesPerSecond.median > a.samplesPerSecond.median ? b : a));
  out.threadsBest = { threads: best.threadsInUse, samplesPerSecond: best.samplesPerSecond.median, stepSamplesPerSecond: best.stepSamplesPerSecond?.median };
}

// ---- Peers in the same browser. ----
if (sections.has('peers')) {
  log('peers: ConvNetJS, the lab on its net, tfjs-layers model.fit');
  const peers = await openPeers();
  const info = await peers.evaluate(() => window.peers.run({ kind: 'backend' }));
  const convnet = [];
  for (let r = 0; r < repeats; r++) convnet.push((await peers.evaluate(() => window.peers.run({ kind: 'convnetjs', seconds: 3 }))).samplesPerSecond);
  const fit = [];
  for (let r = 0; r < repeats; r++) {
    const task = { kind: 'layers-fit', widths: BENCH_NET.widths, activation: 'relu', batch: BENCH_NET.batch, seconds: 3 };
    fit.push((await peers.evaluate((t) => window.peers.run(t), task)).samplesPerSecond);
  }
  await peers.close();
  const labConvnet = await labOnNet(CONVNET_NET, 'wasm');
  // Measured here, next to the peers: the machine's load drifts between sections.
  const labBench = await labOnNet(BENCH_NET, 'wasm');
  // The lab's optimizer steps alone against each peer's training loop alone, and (live) the
  // whole of lab.step with its panels' snapshots.
  const steps = (lab) => (lab.stepSamplesPerSecond ?? lab.samplesPerSecond).median;
  out.peers = {
    backend: info.adapter,
    convnetjsNet: '784-50-50-2-50-50-784 tanh, batch 50 (ConvNetJS: Adadelta, squared error; the lab: Adam, cross-entropy, tanh code)',
    convnetjs: spread(convnet),
    labOnConvnetjsNet: { steps: labConvnet.stepSamplesPerSecond, live: labConvnet.samplesPerSecond },
    labOverConvnetjs: round(steps(labConvnet) / median(convnet)),
    labLiveOverConvnetjs: round(labConvnet.samplesPerSecond.median / median(convnet)),
    tfjsLayersFitOnBenchNet: spread(fit),
    labOnBenchNet: { steps: labBench.stepSamplesPerSecond, live: labBench.samplesPerSecond },
    labOverLayersFit: round(steps(labBench) / median(fit)),
    labLiveOverLayersFit: round(labBench.samplesPerSecond.median / median(fit)),
  };
}

// ---- PyTorch on the same nets and digits (Debian's python3-torch), 1 thread and every core. ----
if (sections.has('pytorch')) {
  const candidates = env.BENCH_PYTHON ? [env.BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const py of candidates) {
    try {
      const text = execFileSync(py, [join(root, 'bench/torch_reference.py'), '--seconds', '3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 180_000 });
      out.pytorch = JSON.parse(text);
      break;
    } catch {
      // next interpreter
    }
  }
  if (!out.pytorch) out.pytorch = { skipped: 'no python3 that can `import torch` (apt-get install python3-torch, or set BENCH_PYTHON)' };
  else {
    // The lab's optimizer steps alone, as PyTorch's loop is.
    const lab = (net) =>
      net === 'bench'
        ? (out.threadsBest?.stepSamplesPerSecond ?? out.threadsBest?.samplesPerSecond)
        : (out.peers?.labOnConvnetjsNet.steps ?? out.peers?.labOnConvnetjsNet.live)?.median;
    for (const r of out.pytorch.runs ?? []) if (lab(r.net)) r.labOverPytorch = round(lab(r.net) / r.samplesPerSecond);
  }
}

// ---- Main-thread smoothness: tasks over 50 ms during 10 s of live training, per view (scripts/bench-jank.mjs). ----
if (sections.has('jank')) {
  log('main thread: long tasks while training (lab, VAE, MovieLens)');
  // ml-latest-small ships in a build; the preview server serves it. BENCH_JANK_CPU=1 adds each task's CPU-time figures.
  out.mainThread = await measureJank(browser, base, { trace: env.BENCH_JANK_CPU === '1' });
}

// ---- Per preset: seconds from Play until its claim holds (WASM; scripts/bench-presets.mjs). ----
if (sections.has('presets')) out.presets = await benchPresets({ browser, base, root, env, log });

// ---- WebGPU calls per training step, counted, never timed (scripts/bench-gpu-counts.mjs). ----
if (sections.has('gpu')) out.gpuCounts = await benchGpuCounts({ browser, base, env, log, benchNet: { label: out.benchNet, settings: BENCH_NET.settings } });

out.load.after = existsSync('/proc/loadavg') ? loadAvg() : undefined;
console.log(JSON.stringify(out, null, 2));
await browser.close();
await server.close();
