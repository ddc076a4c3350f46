import { maybeGunzip } from './gunzip';
import { checkImagesAndLabels, parseIdx } from './idx';
import { fixedSplit, splitPool, type ImageDataset } from './image-dataset';

export type MnistSize = '10k' | 'full';

/** MNIST's digits are 28×28; the files say so too, and are checked against it. */
const MNIST_SIZE = { rows: 28, cols: 28 } as const;

/** The IDX file name of a part ('mnist-10k-images' → 'mnist-10k-images-idx3-ubyte.gz'). */
const fileName = (part: string) => `${part}-idx${part.endsWith('images') ? 3 : 1}-ubyte.gz`;
const fileUrl = (baseUrl: string, part: string) => `${baseUrl}${fileName(part)}`;

export type FetchBytes = (url: string, onProgress: (fraction: number) => void, signal?: AbortSignal) => Promise<Uint8Array>;

/** The files of one size, in the order loadMnist asks for them (the worker fetches them early). */
export function mnistUrls(baseUrl: string, size: MnistSize): string[] {
  return mnistParts(size).map((p) => fileUrl(baseUrl, p));
}

const mnistParts = (size: MnistSize) =>
  size === '10k' ? ['mnist-10k-images', 'mnist-10k-labels'] : ['mnist-train-images', 'mnist-train-labels', 'mnist-t10k-images', 'mnist-t10k-labels'];

/**
 * MNIST as the lab serves it from public/datasets/.
 * '10k': the first 10,000 training digits, split with the seed into 8,000 train and
 * 2,000 test (the setting of the reference PCA figures). 'full': the official 60k / 10k.
 */
export async function loadMnist(baseUrl: string, size: MnistSize, seed: number, onProgress: (fraction: number) => void, fetchBytes: FetchBytes): Promise<ImageDataset> {
  const parts = mnistParts(size);
  const weights = size === '10k' ? [0.99, 0.01] : [0.83, 0.003, 0.165, 0.002];
  const done = parts.map(() => 0);
  const report = () => onProgress(done.reduce((a, d, i) => a + d * weights[i], 0));
  // Every file is fetched before any is decoded: the bytes come in while the CPU is busy
  // elsewhere (the WASM backend compiling), and the startup marks can tell the phases apart.
  const bytes = await Promise.all(
    parts.map((p, i) =>
      fetchBytes(fileUrl(baseUrl, p), (f) => {
        done[i] = f;
        report();
      }),
    ),
  );
  performance.mark('lab:data-fetched'); // a startup phase (engine/startup-marks.ts)
  const files = await Promise.all(bytes.map(async (b, i) => parseIdx(await maybeGunzip(b), fileName(parts[i]))));
  if (size === '10k') {
    checkImagesAndLabels(files[0], files[1], 'MNIST 10k', MNIST_SIZE);
    const split = splitPool(files[0], files[1], 8000, 2000, seed);
    performance.mark('lab:data-decoded');
    return { name: 'mnist', ...split, description: 'MNIST: first 10,000 training digits, seeded split 8,000 train / 2,000 test' };
  }
  checkImagesAndLabels(files[0], files[1], 'MNIST train', MNIST_SIZE);
  checkImagesAndLabels(files[2], files[3], 'MNIST test', MNIST_SIZE);
  return { name: 'mnist', ...fixedSplit(files[0], files[1], files[2], files[3]), description: 'MNIST: official 60,000 train / 10,000 test' };
}
