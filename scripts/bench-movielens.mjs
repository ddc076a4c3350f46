// npm run bench:movielens: a benchmark, not a test. In headless Chromium (Debian's, never a
// download) it trains every recommender on ml-100k and ml-latest-small through window.lab
// (Liang et al.'s protocol, seed 1) and prints, as JSON, NDCG@100, Recall@20 and Recall@50 on
// the test users at the best validation NDCG@100 checkpoint, with seconds per epoch.
// Needs the built app (npx vite build) and public/datasets/movielens (MOVIELENS_DIR=… npm run data).
//
// Environment: BENCH_BACKEND (wasm), BENCH_DATASETS (movielens-100k,movielens-latest-small),
// BENCH_MODELS (mult-vae,mult-dae,cdae,linear,ease,item-knn,popularity), BENCH_EPOCHS (100), BENCH_BATCH (100),
// BENCH_EVAL_EVERY (5 epochs), BENCH_EASE_LAMBDA (500), BENCH_PORT.
// BENCH_SWEEPS=1 also runs the two one-click comparisons through lab.sweep on each dataset: the
// three click likelihoods (Mult-DAE, BENCH_SWEEP_SEEDS weight seeds, default 3) and the linear
// AE's rank K = 8, 32, 128, 512 (one seed), each for BENCH_SWEEP_EPOCHS epochs (default 30).
// BENCH_REFERENCE=1 runs, right after the lab's Mult-VAE, Mult-DAE and EASE on each dataset, the
// same fit outside the browser on the same matrix (the lab's split, exported with lab.exportSplit):
// bench/multvae_reference.py (PyTorch, same layers, batch and optimiser; BENCH_REFERENCE_EPOCHS,
// default 3, after a warm-up epoch; 1 thread and every core) and bench/ease_reference.py (numpy's
// np.linalg.inv on XᵀX + λI), with the ratio lab / reference (BENCH_PYTHON, default /usr/bin/python3).
// LAB_DIST (default dist/) names the build served.
// The paper's batch of 500 would give these small sets 1–2 updates per epoch, so the
// default is 100; 'auto' β annealing follows the epochs either way (see recsys-settings.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const env = process.env;
const executablePath = env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROME_PATH.`);
  process.exit(1);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, env.LAB_DIST ?? 'dist');
if (!existsSync(new URL('../public/datasets/movielens/ml-100k/u.data', import.meta.url)) || !existsSync(join(dist, 'index.html'))) {
  console.error('No MovieLens files or no build: run `MOVIELENS_DIR=/path/to/movielens npm run data && npx vite build` first.');
  process.exit(1);
}
const port = Number(env.BENCH_PORT ?? 4392);
const backend = env.BENCH_BACKEND ?? 'wasm';
const datasets = (env.BENCH_DATASETS ?? 'movielens-100k,movielens-latest-small').split(',');
const models = (env.BENCH_MODELS ?? 'mult-vae,mult-dae,cdae,linear,ease,item-knn,popularity').split(',');
const epochs = Number(env.BENCH_EPOCHS ?? 100);
const batch = Number(env.BENCH_BATCH ?? 100);
const evalEvery = Number(env.BENCH_EVAL_EVERY ?? 5);
const easeLambda = Number(env.BENCH_EASE_LAMBDA ?? 500);
const reference = env.BENCH_REFERENCE === '1';
const referenceEpochs = Number(env.BENCH_REFERENCE_EPOCHS ?? 3);
const python = env.BENCH_PYTHON ?? '/usr/bin/python3';
const RELEASE_FOLDER = { 'movielens-100k': 'ml-100k', 'movielens-latest-small': 'ml-latest-small' };

/** The paper's architectures (I-600-200-600-I; I-200-I) and optimiser; the notebook's λ = 0.01 / batch. */
const SETTINGS = {
  'mult-vae': { model: 'mult-vae', latent: 200, multHidden: 600, keepProb: 0.5, betaCap: 0.2, annealSteps: 'auto', optimizer: 'adam', learningRate: 0.001, batchSize: batch },
  'mult-dae': { model: 'mult-dae', latent: 200, multHidden: 0, keepProb: 0.5, weightDecay: 0.01 / batch, optimizer: 'adam', learningRate: 0.001, batchSize: batch },
  // Wu et al.'s corruption q = 0.2; K = 200 as the Mult models.
  cdae: { model: 'cdae', latent: 200, keepProb: 0.8, weightDecay: 1e-5, optimizer: 'adam', learningRate: 0.001, batchSize: batch },
  // Chapter 11's linear AE (AMF), rank 128.
  linear: { model: 'linear', latent: 128, clickLikelihood: 'multinomial', weightDecay: 0.001, optimizer: 'adam', learningRate: 0.003, batchSize: batch },
  ease: { model: 'ease', easeLambda },
  'item-knn': { model: 'item-knn', knnNeighbours: 100, knnShrink: 10 },
  popularity: { model: 'popularity' },
};
const CLOSED_FORM = new Set(['ease', 'item-knn', 'popularity']);

const server = await preview({ root, build: { outDir: dist }, preview: { port, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
});
const log = (msg) => console.error(`[bench:movielens] ${msg}`);
/** Each test metric with its standard error over the test users (sample SD / √n). */
const pick = (e, prefix) => ({
  ndcg100: e[`${prefix}/ndcg@100`],
  ndcg100Se: e[`${prefix}/ndcg@100/se`],
  recall20: e[`${prefix}/recall@20`],
  recall20Se: e[`${prefix}/recall@20/se`],
  recall50: e[`${prefix}/recall@50`],
  recall50Se: e[`${prefix}/recall@50/se`],
});
const round = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(4) : v]));

async function open(dataset) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`http://localhost:${port}/?paused#/lab?v=1&backend=${backend}&dataset=${dataset}&model=popularity`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  return page;
}

async function benchModel(page, dataset, name) {
  // Timed for a closed form: the set, which builds its first run and fits it (EASE's B and kNN's S
  // are then kept per λ or (k, h): a reset after it would time the kept copy, not the fit).
  const t0 = Date.now();
  await page.evaluate((s) => window.lab.set(s), SETTINGS[name]);
  const buildSeconds = (Date.now() - t0) / 1000;
  await page.evaluate(() => window.lab.reset());
  let e = await page.evaluate(() => window.lab.evaluate());
  if (CLOSED_FORM.has(name)) {
    return {
      dataset,
      model: name,
      ...round(pick(e, 'test')),
      validationNdcg100: +e['val/ndcg@100'].toFixed(4),
      fitSeconds: +buildSeconds.toFixed(2),
      testUsers: e.testUsers,
      items: e.items,
    };
  }
  const perEpoch = Math.max(1, Math.floor(e.trainUsers / Math.min(batch, e.trainUsers)));
  let trainMs = 0;
  for (let done = 0; done < epochs; done += evalEvery) {
    const n = Math.min(evalEvery, epochs - done) * perEpoch;
    const t = Date.now();
    await page.evaluate((k) => window.lab.step(k), n);
    trainMs += Date.now() - t;
    e = await page.evaluate(() => window.lab.evaluate()); // validates: a better NDCG@100 becomes the checkpoint
    log(
      `${dataset} ${name}: epoch ${done + n / perEpoch}, validation NDCG@100 ${e['val/ndcg@100'].toFixed(4)} (best ${e['best/val/ndcg@100'].toFixed(4)} at step ${e['best/step']})`,
    );
  }
  return {
    dataset,
    model: name,
    ...round(pick(e, 'best/test')),
    validationNdcg100: +e['best/val/ndcg@100'].toFixed(4),
    bestEpoch: +(e['best/step'] / perEpoch).toFixed(1),
    epochs,
    updatesPerEpoch: perEpoch,
    secondsPerEpoch: +(trainMs / 1000 / epochs).toFixed(3),
    testUsers: e.testUsers,
    items: e.items,
  };
}

const sweepEpochs = Number(env.BENCH_SWEEP_EPOCHS ?? 30);
const sweepSeeds = Number(env.BENCH_SWEEP_SEEDS ?? 3);
const SWEEPS = {
  likelihoods: {
    base: SETTINGS['mult-dae'],
    variants: ['multinomial', 'gaussian', 'logistic'].map((l) => ({ label: l, settings: { clickLikelihood: l } })),
    seeds: sweepSeeds,
  },
  rank: { base: SETTINGS.linear, variants: [8, 32, 128, 512].map((k) => ({ label: `K = ${k}`, settings: { latent: k } })), seeds: 1 },
};

/** A one-click comparison as the panels run it: test NDCG@100 at each run's best validation epoch. */
async function benchSweep(page, dataset, name) {
  const { base, variants, seeds } = SWEEPS[name];
  await page.evaluate((s) => window.lab.set(s), base);
  const t = Date.now();
  const r = await page.evaluate((args) => window.lab.sweep(args), { variants, epochs: sweepEpochs, seeds });
  const summary = r.summary.map((x) => round({ label: x.label, runs: x.n, ndcg100: x.ndcg100, seedSe: x.seedSe, userSe: x.userSe }));
  return { dataset, sweep: name, epochs: sweepEpochs, seeds, seconds: +((Date.now() - t) / 1000).toFixed(1), summary };
}

/**
 * The same fit outside the browser, on the lab's matrix (its split written to a file): PyTorch for
 * Mult-VAE / Mult-DAE, numpy for EASE. Null for the other models; { skipped } when it cannot run.
 */
let splitFile = null;
async function referenceFor(page, dataset, name, lab) {
  const script = { 'mult-vae': 'multvae_reference.py', 'mult-dae': 'multvae_reference.py', ease: 'ease_reference.py' }[name];
  if (!reference || !script) return null;
  splitFile ??= join(mkdtempSync(join(tmpdir(), 'bench-movielens-')), 'split.json');
  writeFileSync(splitFile, JSON.stringify(await page.evaluate(() => window.lab.exportSplit())));
  const s = SETTINGS[name];
  const args =
    name === 'ease'
      ? ['--lambda', String(easeLambda), '--repeats', '1']
      : [
          '--model',
          name === 'mult-vae' ? 'vae' : 'dae',
          '--hidden',
          String(s.multHidden),
          '--latent',
          String(s.latent),
          '--keep',
          String(s.keepProb),
          '--batch',
          String(batch),
          '--epochs',
          String(referenceEpochs),
          '--threads',
          '1,-1',
          '--weight-decay',
          String(s.weightDecay ?? 0),
          ...(name === 'mult-vae' ? ['--beta-cap', String(s.betaCap)] : []),
        ];
  log(`${dataset} ${name}: reference ${script} ${args.join(' ')}`);
  try {
    const text = execFileSync(python, [join(root, 'bench', script), splitFile, '--ratings', join(root, 'public/datasets/movielens', RELEASE_FOLDER[dataset]), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: Number(env.BENCH_REFERENCE_TIMEOUT_S ?? 1800) * 1000,
    });
    const r = JSON.parse(text);
    if (name === 'ease') return { ...r, labOverNumpy: +(lab.fitSeconds / r.fitSeconds).toFixed(2) };
    const best = Math.min(...r.runs.map((x) => x.secondsPerEpoch));
    return { ...r, labOverPytorch: +(lab.secondsPerEpoch / best).toFixed(2), labOverPytorch1Thread: +(lab.secondsPerEpoch / r.runs[0].secondsPerEpoch).toFixed(2) };
  } catch (e) {
    return { skipped: `${script} did not run: ${String(e.message).split('\n')[0]}` };
  }
}

const results = [];
const sweeps = [];
for (const dataset of datasets) {
  const page = await open(dataset);
  const info = await page.evaluate(() => window.lab.backend());
  if (info?.name !== backend) log(`asked for ${backend}, got ${info?.name}`);
  for (const name of models) {
    log(`${dataset}: ${name}…`);
    const lab = { ...(await benchModel(page, dataset, name)), backend: info?.name };
    const ref = await referenceFor(page, dataset, name, lab);
    results.push(ref ? { ...lab, reference: ref } : lab);
    log(JSON.stringify(results.at(-1)));
  }
  if (env.BENCH_SWEEPS === '1') {
    for (const name of Object.keys(SWEEPS)) {
      log(`${dataset}: sweep ${name}…`);
      sweeps.push(await benchSweep(page, dataset, name));
      log(JSON.stringify(sweeps.at(-1)));
    }
  }
  await page.close();
}

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      chromium: browser.version(),
      protocol: 'Liang et al. 2018 (clicks = ratings > 3.5, users with ≥ 5 clicks, held-out users scaled from 10,000 of ML-20M, 80/20 fold-in/targets), seed 1',
      metricsOn: 'test users; trained models at their best validation NDCG@100 (checked every few epochs)',
      batchSize: batch,
      epochs,
      easeLambda,
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
      results,
      sweeps,
    },
    null,
    2,
  ),
);
await browser.close();
await server.close();
