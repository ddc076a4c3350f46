import type { Pca } from '../math/pca';
import { rowBlocks, rowsOf, type Rows } from '../math/rows';
import { splitRows, type ImageSplit } from './image-dataset';
import { readSafetensors, writeSafetensors } from './safetensors';

/**
 * The PCA of the bundled MNIST subset's training split, fitted ahead of time by `npm run data`
 * (scripts/make-pca.ts, with the lab's own fitPca) for the seeds whose split most runs use.
 * Loading it saves every page and every run on that split a 784×784 eigendecomposition
 * (about 1.5 s in the browser, 3.5 s in Node). The file names the training images it was
 * fitted on by a fingerprint; any other split, or a stale file, is fitted as before.
 */
export const PCA_FILE_SEEDS: readonly number[] = [1];
export const PCA_FILE_VERSION = '1';

export const pcaFileName = (seed: number): string => `mnist-10k-seed${seed}-pca.safetensors`;

// FNV-1a: h ← (h ⊕ w) · prime over the 32-bit words w, from the offset basis.
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const fingerprintText = (h: number, words: number) => `${words}:${(h >>> 0).toString(16).padStart(8, '0')}`;

/** FNV-1a over the 32-bit words of n rows, a block at a time, with their count. */
function rowsFingerprint(rows: Rows, n: number, dim: number): string {
  let h = FNV_BASIS;
  for (const [r0, r1] of rowBlocks(n)) {
    const x = rows(r0, r1);
    const words = new Uint32Array(x.buffer, x.byteOffset, x.length);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], FNV_PRIME);
  }
  return fingerprintText(h, n * dim);
}

/** FNV-1a over the images' 32-bit words, with their count: tells one training split from another. */
export function imagesFingerprint(images: Float32Array): string {
  return rowsFingerprint(rowsOf(images, 1), images.length, 1);
}

/** imagesFingerprint of the split's floats, without making them while it is still in bytes. */
export function splitFingerprint(split: ImageSplit, dim: number): string {
  return rowsFingerprint(splitRows(split, dim), split.n, dim);
}

/** The file: mean [d], eigenvalues [d] (descending), components [d, d] (row i = u_i), all F32. */
export function encodePcaFile(pca: Pca, fingerprint: string): Uint8Array {
  const d = pca.dim;
  return writeSafetensors(
    [
      { name: 'mean', shape: [d], values: pca.mean },
      { name: 'eigenvalues', shape: [d], values: Float32Array.from(pca.eigenvalues) },
      { name: 'components', shape: [d, d], values: pca.components },
    ],
    { format: 'autoencoder-lab-pca', version: PCA_FILE_VERSION, fingerprint },
  );
}

/** The PCA in a file, if it was fitted on exactly the training images of this fingerprint; throws, naming the problem, on a bad file. */
export function decodePcaFile(bytes: Uint8Array, trainFingerprint: string, dim: number): Pca | null {
  const { tensors, metadata } = readSafetensors(bytes);
  if (metadata.format !== 'autoencoder-lab-pca' || metadata.version !== PCA_FILE_VERSION) throw new Error('not a PCA file of this version');
  if (metadata.fingerprint !== trainFingerprint) return null;
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const mean = byName.get('mean');
  const eigenvalues = byName.get('eigenvalues');
  const components = byName.get('components');
  if (mean?.values.length !== dim || eigenvalues?.values.length !== dim || components?.values.length !== dim * dim) throw new Error(`its tensors are not of dimension ${dim}`);
  return { dim, mean: Float32Array.from(mean.values), eigenvalues: Float64Array.from(eigenvalues.values), components: Float32Array.from(components.values) };
}
