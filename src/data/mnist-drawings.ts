// MNIST + your drawings: the bundled MNIST subset with the user's own drawings (28×28 grey
// images in folders named by their digit, as the drawing pad exports them) added to its
// training set. The test set stays MNIST's, so test losses compare with plain MNIST runs.
import type { ImageDataset } from './image-dataset';
import { OwnDataError, type ImageOptions, type ImagePool, type OwnDataset } from './own-images';

/** MNIST's side: the only size the drawings can join it at. */
export const MNIST_SIDE = 28;

/** Refuses images read at another size or in colour, before anything is decoded. */
export function checkMnistDrawingsOptions(o: ImageOptions): void {
  if (o.side === MNIST_SIDE && !o.colour) return;
  throw new OwnDataError(
    `MNIST + your drawings needs 28×28 grey images; the last images were read at ${o.side}×${o.side} ${o.colour ? 'colour' : 'grey'}. Draw on MNIST's 28×28 pad and use "Add them to MNIST".`,
  );
}

const folderOf = (path: string): string => path.split('/').slice(-2, -1)[0] ?? '';

/** Each decoded image's digit: the name of the folder that holds it, 0–9 (images that failed to decode are not in the pool). */
export function digitLabels(pool: ImagePool): Uint8Array {
  const failed = new Set(pool.failed);
  const kept = pool.plan.entries.filter((e) => !failed.has(e.path)).slice(0, pool.n);
  const bad = kept.filter((e) => !/^[0-9]$/.test(folderOf(e.path))).map((e) => e.path);
  if (bad.length) {
    throw new OwnDataError(
      `MNIST + your drawings needs each image in a folder named by its digit (0–9); ${bad.length} ${bad.length === 1 ? 'is' : 'are'} not (${bad.slice(0, 3).join(', ')}).`,
    );
  }
  return Uint8Array.from(kept, (e) => Number(folderOf(e.path)));
}

/** MNIST's split with the drawings appended to its training rows (and their digits to its labels). */
export function appendDrawings(mnist: ImageDataset, pool: ImagePool, digits: Uint8Array): OwnDataset {
  if (pool.side !== mnist.width || pool.side !== mnist.height || pool.channels !== mnist.channels) {
    throw new OwnDataError(`The drawings are ${pool.side}×${pool.side}×${pool.channels}; MNIST's digits are ${mnist.width}×${mnist.height}×${mnist.channels}.`);
  }
  const { dim, train } = mnist;
  const images = new Float32Array((train.n + pool.n) * dim);
  images.set(train.images.subarray(0, train.n * dim));
  images.set(pool.values.subarray(0, pool.n * dim), train.n * dim);
  const labels = new Uint8Array(train.n + pool.n);
  if (train.labels) labels.set(train.labels.subarray(0, train.n));
  labels.set(digits, train.n);
  const shown = [...new Set(digits)].sort((a, b) => a - b).join(', ');
  const drawings = `${pool.n.toLocaleString('en')} drawing${pool.n === 1 ? '' : 's'}`;
  return {
    ...mnist,
    name: 'mnist-drawings',
    train: { n: train.n + pool.n, images, labels },
    labelNames: [],
    description: `MNIST + your drawings: ${train.n.toLocaleString('en')} MNIST training digits and your ${drawings} (digits ${shown}), ${mnist.test.n.toLocaleString('en')} MNIST test digits`,
  };
}
