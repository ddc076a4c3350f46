import { maybeGunzip } from './gunzip';
import { checkImagesAndLabels, parseIdx, type IdxArray } from './idx';
import { fixedSplit, splitPool, type ImageDataset } from './image-dataset';

export type MnistSize = '10k' | 'full';

/** MNIST's digits are 28×28; the files say so too, and are checked against it. */
const MNIST_SIZE = { rows: 28, cols: 28 } as const;

/** Loads one IDX file (gzipped or not) from a URL. */
async function loadIdx(url: string, onProgress: (f: number) => void, fetchBytes: FetchBytes): Promise<IdxArray> {
  const name = url.split('/').pop() ?? url;
  return parseIdx(await maybeGunzip(await fetchBytes(url, onProgress)), name);
}

export type FetchBytes = (url: string, onProgress: (fraction: number) => void, signal?: AbortSignal) => Promise<Uint8Array>;

/**
 * MNIST as the lab serves it from public/datasets/.
 * '10k': the first 10,000 training digits, split with the seed into 8,000 train and
 * 2,000 test (the setting of the reference PCA figures). 'full': the official 60k / 10k.
 */
export async function loadMnist(baseUrl: string, size: MnistSize, seed: number, onProgress: (fraction: number) => void, fetchBytes: FetchBytes): Promise<ImageDataset> {
  const parts = size === '10k' ? ['mnist-10k-images', 'mnist-10k-labels'] : ['mnist-train-images', 'mnist-train-labels', 'mnist-t10k-images', 'mnist-t10k-labels'];
  const weights = size === '10k' ? [0.99, 0.01] : [0.83, 0.003, 0.165, 0.002];
  const done = parts.map(() => 0);
  const report = () => onProgress(done.reduce((a, d, i) => a + d * weights[i], 0));
  const files = await Promise.all(
    parts.map((p, i) =>
      loadIdx(
        `${baseUrl}${p}-idx${p.endsWith('images') ? 3 : 1}-ubyte.gz`,
        (f) => {
          done[i] = f;
          report();
        },
        fetchBytes,
      ),
    ),
  );
  if (size === '10k') {
    checkImagesAndLabels(files[0], files[1], 'MNIST 10k', MNIST_SIZE);
    return { name: 'mnist', ...splitPool(files[0], files[1], 8000, 2000, seed), description: 'MNIST: first 10,000 training digits, seeded split 8,000 train / 2,000 test' };
  }
  checkImagesAndLabels(files[0], files[1], 'MNIST train', MNIST_SIZE);
  checkImagesAndLabels(files[2], files[3], 'MNIST test', MNIST_SIZE);
  return { name: 'mnist', ...fixedSplit(files[0], files[1], files[2], files[3]), description: 'MNIST: official 60,000 train / 10,000 test' };
}
