import { maybeGunzip } from './gunzip';
import { checkImagesAndLabels, IdxError, parseIdx, type IdxArray } from './idx';
import { fixedSplit, splitPool, type ImageDataset } from './image-dataset';

export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
}

interface Parsed {
  name: string;
  idx: IdxArray;
  isTest: boolean;
}

const TEST_NAME = /t10k|test/i;

/**
 * Builds a dataset from MNIST-format files a user dropped (Fashion-MNIST, KMNIST,
 * EMNIST digits…): one or two images files (idx3), each optionally with its labels
 * (idx1). A lone images file is split with the seed into train and test. The images may be
 * of any size from MIN_IMAGE_SIDE to MAX_IMAGE_SIDE pixels a side (the files' headers say
 * which); the dataset carries it, and two images files must agree on it.
 * Anything else throws an IdxError whose message says what was wrong.
 */
export async function datasetFromDroppedFiles(files: DroppedFile[], seed: number, maxTrain: number): Promise<ImageDataset> {
  if (files.length === 0) throw new IdxError('No files were dropped.');
  const parsed: Parsed[] = [];
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = await maybeGunzip(f.bytes);
    } catch (e) {
      throw new IdxError(`${f.name}: ${(e as Error).message}`);
    }
    parsed.push({ name: f.name, idx: parseIdx(bytes, f.name), isTest: TEST_NAME.test(f.name) });
  }
  const images = parsed.filter((p) => p.idx.dims.length === 3);
  const labels = parsed.filter((p) => p.idx.dims.length === 1);
  if (images.length === 0) {
    throw new IdxError('None of the dropped files is an images file (idx3). Drop e.g. train-images-idx3-ubyte.gz, optionally with its labels file.');
  }
  if (images.length > 2) throw new IdxError('Drop at most two images files: one for training and one for testing.');
  const labelsFor = (img: Parsed) => labels.find((l) => l.isTest === img.isTest && l.idx.dims[0] === img.idx.dims[0])?.idx ?? null;
  for (const img of images) checkImagesAndLabels(img.idx, labelsFor(img), img.name);

  const names = files.map((f) => f.name).join(', ');
  if (images.length === 2) {
    const test = images.find((i) => i.isTest);
    const train = images.find((i) => !i.isTest);
    if (!test || !train) throw new IdxError('With two images files, one name must contain "t10k" or "test" to mark the test set.');
    return { name: 'dropped', ...fixedSplit(train.idx, labelsFor(train), test.idx, labelsFor(test)), description: `Dropped files: ${names}` };
  }
  const only = images[0];
  const n = only.idx.dims[0];
  if (n < 10) throw new IdxError(`${only.name} holds only ${n} images; the lab needs at least 10.`);
  const nTest = Math.min(2000, Math.max(1, Math.floor(n * 0.2)));
  const nTrain = Math.min(maxTrain, n - nTest);
  return {
    name: 'dropped',
    ...splitPool(only.idx, labelsFor(only), nTrain, nTest, seed),
    description: `Dropped files: ${names} (seeded split ${nTrain} train / ${nTest} test)`,
  };
}
