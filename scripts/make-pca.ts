// Fits the bundled MNIST subset's PCA ahead of time, with the lab's own fitPca on tfjs's WASM
// backend in Node, for each seed in PCA_FILE_SEEDS; writes public/datasets/<pcaFileName(seed)>.
// npm run data runs it (through scripts/make-pca.mjs) when a file is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/data/mnist-source';
import { encodePcaFile, imagesFingerprint, pcaFileName, PCA_FILE_SEEDS } from '../src/data/pca-file';
import { fitPca } from '../src/math/pca';

const dir = join(process.cwd(), 'public', 'datasets');
tf.env().set('IS_TEST', false);
if (!(await tf.setBackend('wasm').catch(() => false))) await tf.setBackend('cpu');
await tf.ready();
for (const seed of PCA_FILE_SEEDS) {
  const t0 = performance.now();
  const data = await loadMnist(
    `${dir}/`,
    '10k',
    seed,
    () => undefined,
    async (url) => new Uint8Array(readFileSync(url)),
  );
  const pca = await fitPca(data.train.images, data.train.n, data.dim);
  writeFileSync(join(dir, pcaFileName(seed)), encodePcaFile(pca, imagesFingerprint(data.train.images)));
  console.log(`datasets: PCA of the MNIST subset's seed-${seed} split fitted in ${((performance.now() - t0) / 1000).toFixed(1)} s (${tf.getBackend()})`);
}
