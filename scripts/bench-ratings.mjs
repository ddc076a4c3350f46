// npm run bench:ratings: a benchmark, not a test. In headless Chromium (Debian's, never a
// download) it runs the explicit-ratings task (AutoRec, Sedhain et al. 2015: a seeded 90/10
// split, 5% of the 90 for validation) on ml-100k and ml-latest-small through window.lab, WASM
// backend, seed 1, and prints as JSON, per dataset and model: seconds per epoch, the best
// validation RMSE (checked after every epoch), its step, and the test RMSE / MAE there; the
// closed-form baselines (user + item biases, biased MF) with their test RMSE. It then trains a
// PyTorch I-AutoRec (bench/autorec_reference.py) on the lab's own split of the first dataset
// (lab.exportSplit()) with the same settings, on 1 thread and on PyTorch's default thread
// count, and prints the lab / PyTorch epoch-time ratio.
// Needs the built app (npx vite build) and public/datasets/movielens (MOVIELENS_DIR=… npm run data).
//
// Flags (or the environment variable in brackets):
//   --epochs N        AutoRec epochs (BENCH_EPOCHS, 30); an epoch is floor(rows / batch) updates,
//                     rows = movies for I-AutoRec, users for U-AutoRec (every one with any rating)
//   --datasets a,b    (BENCH_DATASETS, movielens-100k,movielens-latest-small)
//   --models a,b      (BENCH_MODELS, i-autorec,u-autorec,rating-biases,rating-mf)
//   --batch N, --lr X, --lambda X, --hidden N   AutoRec settings (default: the lab's defaults)
//   --reference first|all|none   which datasets the PyTorch reference runs on (first)
//   --threads 1,0,-1  the reference's thread counts: 0 = PyTorch's default, -1 = every core (1,0,-1)
//   --split PATH      where the first dataset's split JSON goes (a temp file)
// BENCH_PYTHON picks the interpreter (else python3, then /usr/bin/python3: Debian's python3-torch
// installs for the system Python); BENCH_PORT the preview port; CHROME_PATH Chromium.
// The functions handed to page.evaluate run in the page (eslint.config.js gives browser globals to the other bench scripts).
/* global window */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const env = process.env;
const { values: flags } = parseArgs({
  options: {
    epochs: { type: 'string' },
    datasets: { type: 'string' },
    models: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    lambda: { type: 'string' },
    hidden: { type: 'string' },
    reference: { type: 'string' },
    threads: { type: 'string' },
    split: { type: 'string' },
  },
});
const log = (msg) => console.error(`[bench:ratings] ${msg}`);
const fail = (msg) => {
  console.error(`[bench:ratings] ${msg}`);
  process.exit(1);
};
const positive = (name, v) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) fail(`--${name} needs a number above 0, not "${v}".`);
  return n;
};

const executablePath = env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath}; install it (apt-get install chromium) or set CHROME_PATH.`);
if (!existsSync(new URL('../dist/index.html', import.meta.url))) fail('No build: run `npx vite build` (or `npm run bench:ratings`, which builds) first.');

const port = Number(env.BENCH_PORT ?? 4393);
const backend = 'wasm';
const seed = 1;
const epochs = positive('epochs', flags.epochs ?? env.BENCH_EPOCHS ?? '30');
if (!Number.isInteger(epochs)) fail(`--epochs needs a whole number, not ${epochs}.`);
const datasets = (flags.datasets ?? env.BENCH_DATASETS ?? 'movielens-100k,movielens-latest-small').split(',');
const models = (flags.models ?? env.BENCH_MODELS ?? 'i-autorec,u-autorec,rating-biases,rating-mf').split(',');
const referenceOn = flags.reference ?? 'first';
if (!['first', 'all', 'none'].includes(referenceOn)) fail(`--reference is first, all or none, not "${referenceOn}".`);
const threads = flags.threads ?? '1,0,-1';
/** The AutoRec settings given on the command line; the rest stay the lab's defaults (read back from lab.state()). */
const autorecPatch = Object.fromEntries(
  Object.entries({
    batchSize: positive('batch', flags.batch),
    learningRate: positive('lr', flags.lr),
    autorecLambda: flags.lambda === undefined ? undefined : Number(flags.lambda),
    autorecHidden: positive('hidden', flags.hidden),
  }).filter(([, v]) => v !== undefined),
);

/** The release files scripts/prepare-movielens.mjs puts in public/ (see bench-movielens.mjs). */
const DATA_FILE = {
  'movielens-100k': 'ml-100k/u.data',
  'movielens-latest-small': 'ml-latest-small/ratings.csv',
};
const AUTOREC_ROWS = { 'i-autorec': 'items', 'u-autorec': 'users' };
const round = (v, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? +v.toFixed(d) : v);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The interpreter that can import torch, or null. */
function findPython() {
  const candidates = env.BENCH_PYTHON ? [env.BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Users and movies as the lab indexes them: every id with any rating, in any part. */
function splitCounts(split) {
  const users = new Set();
  const items = new Set();
  for (const part of [split.train, split.validation, split.test]) {
    for (const [u, i] of part) {
      users.add(u);
      items.add(i);
    }
  }
  return { users: users.size, items: items.size, train: split.train.length, validation: split.validation.length, test: split.test.length };
}

const server = await preview({ preview: { port, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function open(dataset) {
  const t0 = Date.now();
  const page = await browser.newPage({ serviceWorkers: 'block' });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`http://localhost:${port}/?paused#/lab?v=1&backend=${backend}&dataset=${dataset}&task=ratings&model=rating-biases&seed=${seed}`);
  await page.waitForFunction(() => typeof window.lab?.ready === 'function');
  await page.evaluate(() => window.lab.ready());
  // The hash may have been read before the ratings task existed in it: set it again (a no-op when it was).
  await page.evaluate((s) => window.lab.set(s), { backend, dataset, task: 'ratings', model: 'rating-biases', seed });
  await page.evaluate(() => window.lab.ready());
  return { page, loadSeconds: (Date.now() - t0) / 1000 };
}

async function benchModel(page, dataset, name, counts) {
  const t0 = Date.now();
  const patch = AUTOREC_ROWS[name] ? { model: name, seed, optimizer: 'adam', autorecMask: true, ...autorecPatch } : { model: name, seed };
  await page.evaluate((s) => window.lab.set(s), patch);
  await page.evaluate(() => window.lab.reset());
  const buildSeconds = (Date.now() - t0) / 1000;
  const s = await page.evaluate(() => window.lab.state());
  let e = await page.evaluate(() => window.lab.evaluate());
  if (!AUTOREC_ROWS[name]) {
    return {
      dataset,
      model: name,
      testRmse: round(e['test/rmse']),
      testMae: round(e['test/mae']),
      valRmse: round(e['val/rmse']),
      // rating-mf's fit (K = 50, SGD) runs once when the split loads (see loadSeconds): this is the set + reset.
      fitSeconds: round(buildSeconds, 2),
      ...(name === 'rating-biases' ? { biasLambda: s.biasLambda } : { mfRank: s.mfRank, biasLambda: s.biasLambda }),
    };
  }
  const rows = AUTOREC_ROWS[name] === 'items' ? counts.items : counts.users;
  const batch = Math.min(s.batchSize, rows);
  const perEpoch = Math.max(1, Math.floor(rows / batch));
  const epochSeconds = [];
  const stepsBefore = (await page.evaluate(() => window.lab.evaluate())).step ?? 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t = performance.now();
    await page.evaluate((k) => window.lab.step(k), perEpoch);
    epochSeconds.push((performance.now() - t) / 1000);
    e = await page.evaluate(() => window.lab.evaluate()); // validates: a better RMSE becomes the best checkpoint
    log(
      `${dataset} ${name}: epoch ${epoch} ${epochSeconds.at(-1).toFixed(2)} s, validation RMSE ${e['val/rmse'].toFixed(4)} (best ${e['best/val/rmse'].toFixed(4)} at epoch ${+(e['best/step'] / perEpoch).toFixed(2)})`,
    );
  }
  // The optimizer steps alone: each chunk of updates records samples/s (batch × updates / its time,
  // one readback included); what lab.step adds is the worker round trip and the snapshot, which
  // validates (a full reconstruction) when the last validation is over 2 s old.
  const speed = await page.evaluate(() => window.lab.metrics()['speed/samplesPerSecond'] ?? []);
  let trainSeconds = 0;
  let prev = stepsBefore;
  for (const { step, value } of speed) {
    if (step <= prev) continue;
    trainSeconds += ((step - prev) * batch) / value;
    prev = step;
  }
  return {
    dataset,
    model: name,
    secondsPerEpoch: round(mean(epochSeconds), 3),
    trainSecondsPerEpoch: prev === stepsBefore + epochs * perEpoch ? round(trainSeconds / epochs, 3) : null,
    medianSecondsPerEpoch: round(median(epochSeconds), 3),
    firstEpochSeconds: round(epochSeconds[0], 3),
    bestValRmse: round(e['best/val/rmse']),
    bestStep: e['best/step'],
    bestEpoch: round(e['best/step'] / perEpoch, 1),
    testRmse: round(e['best/test/rmse']),
    testMae: round(e['best/test/mae']),
    lastValRmse: round(e['val/rmse']),
    lastTestRmse: round(e['test/rmse']),
    epochs,
    rows,
    updatesPerEpoch: perEpoch,
    settings: {
      batchSize: s.batchSize,
      learningRate: s.learningRate,
      autorecHidden: s.autorecHidden,
      autorecLambda: s.autorecLambda,
      autorecMask: s.autorecMask,
      optimizer: s.optimizer,
      seed: s.seed,
    },
  };
}

const results = [];
const splits = [];
const datasetInfo = [];
for (const dataset of datasets) {
  const file = DATA_FILE[dataset];
  if (!file) fail(`Unknown dataset "${dataset}": use ${Object.keys(DATA_FILE).join(' or ')}.`);
  if (!existsSync(new URL(`../public/datasets/movielens/${file}`, import.meta.url))) {
    log(
      `SKIPPED ${dataset}: public/datasets/movielens/${file} is missing. Prepare it with \`MOVIELENS_DIR=/path/to/movielens npm run data\` (the folder holding ${file.split('/')[0]}/).`,
    );
    datasetInfo.push({ dataset, skipped: `public/datasets/movielens/${file} is missing` });
    continue;
  }
  const { page, loadSeconds } = await open(dataset);
  // The cold-start fallback is the biases baseline at the default bias λ (ratings-task.ts).
  const biasLambda = (await page.evaluate(() => window.lab.state())).biasLambda;
  const info = await page.evaluate(() => window.lab.backend());
  if (info?.name !== backend) log(`asked for ${backend}, got ${info?.name}`);
  const split = await page.evaluate(() => window.lab.exportSplit());
  const counts = splitCounts(split);
  const first = splits.length === 0;
  if (first || referenceOn === 'all') {
    const path = first && flags.split ? flags.split : join(tmpdir(), `bench-ratings-${dataset}-seed${seed}-split.json`);
    writeFileSync(path, JSON.stringify(split));
    splits.push({ dataset, path, biasLambda });
    log(`${dataset}: split written to ${path}`);
  }
  const base = await page.evaluate(() => window.lab.evaluate());
  datasetInfo.push({
    dataset,
    ...counts,
    coldTestRatings: base.coldTestRatings,
    openSeconds: round(loadSeconds, 1),
    fallbackBiasLambda: biasLambda,
    meanTestRmse: round(base['mean/test/rmse']),
    biasesTestRmse: round(base['biases/test/rmse']),
    mfTestRmse: round(base['mf/test/rmse']),
  });
  log(`${dataset}: ${counts.users} users × ${counts.items} movies, ${counts.train} / ${counts.validation} / ${counts.test} ratings`);
  for (const name of models) {
    log(`${dataset}: ${name}…`);
    results.push({ ...(await benchModel(page, dataset, name, counts)), backend: info?.name });
    log(JSON.stringify(results.at(-1)));
  }
  await page.close();
}
const chromiumVersion = browser.version();
await browser.close();
await server.close();

// The PyTorch reference, with the browser closed so that it has the CPU to itself.
const references = [];
const python = referenceOn === 'none' ? null : findPython();
if (referenceOn !== 'none' && !python) {
  log('PyTorch is not available (no python3 that can `import torch, numpy`): the reference is skipped.');
  log('Install it with `apt-get install python3-torch python3-numpy` (Debian), then rerun, or set BENCH_PYTHON.');
}
const iAutoRec = (dataset) => results.find((r) => r.dataset === dataset && r.model === 'i-autorec');
for (const { dataset, path, biasLambda } of python && referenceOn !== 'none' ? splits : []) {
  const lab = iAutoRec(dataset);
  const s = lab?.settings;
  if (!s) {
    log(`${dataset}: no lab I-AutoRec run, so no settings to copy: the reference is skipped.`);
    continue;
  }
  const args = ['bench/autorec_reference.py', path, '--epochs', String(epochs), '--batch', String(s.batchSize), '--lr', String(s.learningRate)];
  args.push('--hidden', String(s.autorecHidden), '--lambda', String(s.autorecLambda), '--threads', threads, '--seed', String(seed), '--bias-lambda', String(biasLambda));
  log(`${dataset}: ${python} ${args.join(' ')}`);
  const r = spawnSync(python, args, { cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    log(`${dataset}: the reference failed (exit ${r.status}).`);
    continue;
  }
  const ref = JSON.parse(r.stdout);
  const ratio = (labKey, run, key) => (run[key] > 0 && lab[labKey] > 0 ? round(lab[labKey] / run[key], 2) : null);
  references.push({
    dataset,
    command: `${python} ${args.join(' ')}`,
    ...ref,
    labOverPytorch: ref.runs
      .filter((run) => !run.skipped)
      .map((run) => ({
        threads: `${run.requested} (${run.threads})`,
        meanEpochTime: ratio('secondsPerEpoch', run, 'secondsPerEpoch'),
        medianEpochTime: ratio('medianSecondsPerEpoch', run, 'medianSecondsPerEpoch'),
        trainOnlyEpochTime: ratio('trainSecondsPerEpoch', run, 'secondsPerEpoch'),
      })),
  });
}

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      chromium: chromiumVersion,
      backend,
      protocol: 'Sedhain et al. 2015: a seeded 90/10 split of the ratings (5% of the 90 for validation), seed 1; RMSE of clipped predictions, cold pairs by the user + item biases',
      metricsOn:
        'test ratings; AutoRec at its best validation RMSE (checked after every epoch, and inside lab.step whenever the last check is over 2 s old); seconds per epoch = wall time of lab.step(updates per epoch); trainSecondsPerEpoch = the optimizer steps alone (from speed/samplesPerSecond); PyTorch: the optimizer steps alone',
      epochs,
      datasets: datasetInfo,
      results,
      pytorch: references,
    },
    null,
    2,
  ),
);
