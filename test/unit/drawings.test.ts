import { unzipSync, unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/data/image-dataset';
import { appendDrawings, checkMnistDrawingsOptions, digitLabels } from '../../src/data/mnist-drawings';
import { looksLikeImages, OwnDataError, planImages, type ImagePool } from '../../src/data/own-images';
import { acceptOwn } from '../../src/engine/own-data';
import {
  commonShape,
  countsByLabel,
  DRAWINGS_ZIP_NAME,
  drawingsZip,
  dropOptionsFor,
  encodePng,
  MNIST_SHAPE,
  ofShape,
  stackPixels,
  type Drawing,
} from '../../src/runs/drawings-zip';

// The drawings store's pure parts: pixels → PNG → zip in digit folders → the own-images plan
// the worker makes of a dropped zip (same labels, same counts), and MNIST + drawings.

/** A drawing of a digit: a bar whose place and length depend on i, values in steps of 1/255 (so PNG bytes hold them exactly). */
function drawing(i: number, label: number, shape = MNIST_SHAPE): Drawing {
  const { width, height, channels } = shape;
  const pixels = new Float32Array(width * height * channels);
  for (let y = 2; y < height - 2 - (i % 5); y++) {
    for (let c = 0; c < channels; c++) pixels[(y * width + 4 + ((3 * i) % (width - 8))) * channels + c] = (100 + 10 * c + 7 * i) / 255;
  }
  return { width, height, channels, pixels, label, createdAt: 1_000 + i };
}

/** Reads back an 8-bit, non-interlaced PNG whose rows all use filter 0 (what encodePng writes): size, colour type, bytes. */
function readPng(png: Uint8Array): { width: number; height: number; colourType: number; bytes: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    types.push(type);
    if (type === 'IHDR') [width, height, colourType] = [view.getUint32(at + 8), view.getUint32(at + 12), data[9]];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  const raw = unzlibSync(idat[0]);
  const channels = colourType === 2 ? 3 : 1;
  const row = width * channels;
  const bytes = new Uint8Array(height * row);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (row + 1)]).toBe(0);
    bytes.set(raw.subarray(y * (row + 1) + 1, (y + 1) * (row + 1)), y * row);
  }
  return { width, height, colourType, bytes };
}

const LABELS = [1, 1, 4, 4, 4, 7, 7, 7, 7, 0, 9, 9];
const DRAWINGS = LABELS.map((label, i) => drawing(i, label));

describe('drawings as PNGs', () => {
  it('a grey and a colour drawing come back byte for byte (round(255 v))', () => {
    for (const shape of [MNIST_SHAPE, { width: 20, height: 16, channels: 3 }]) {
      const d = drawing(3, 5, shape);
      const png = readPng(encodePng(d.width, d.height, d.channels, d.pixels));
      expect([png.width, png.height, png.colourType]).toEqual([shape.width, shape.height, shape.channels === 3 ? 2 : 0]);
      expect([...png.bytes]).toEqual(Array.from(d.pixels, (v) => Math.round(255 * v)));
      // The drawing has ink: the test is not passing on an empty image.
      expect(png.bytes.reduce((a, b) => a + (b > 0 ? 1 : 0), 0)).toBeGreaterThan(10);
    }
  });

  it('values outside [0, 1] are clamped; a wrong length or channel count is refused', () => {
    const png = readPng(encodePng(2, 1, 1, Float32Array.from([-0.5, 1.7])));
    expect([...png.bytes]).toEqual([0, 255]);
    expect(() => encodePng(28, 28, 1, new Float32Array(10))).toThrow(/784 values, not 10/);
    expect(() => encodePng(2, 2, 2, new Float32Array(8))).toThrow(/1 or 3 channels/);
  });
});

describe('the drawings zip', () => {
  const zip = drawingsZip(DRAWINGS);

  it('holds one PNG per drawing in its digit folder, numbered in saved order', () => {
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toHaveLength(12);
    expect(names).toContain('1/drawing-0001.png');
    expect(names).toContain('7/drawing-0009.png');
    expect(names).toContain('9/drawing-0012.png');
    expect(countsByLabel(DRAWINGS)).toEqual([1, 2, 0, 0, 3, 0, 0, 4, 0, 2]);
  });

  it('is read by the own-images drop as the same labels and counts', () => {
    const files = [{ name: DRAWINGS_ZIP_NAME, bytes: zip }];
    expect(looksLikeImages(files)).toBe(true);
    const plan = planImages(files);
    expect(plan.entries).toHaveLength(12);
    expect(plan.notImages).toEqual([]);
    expect(plan.labelNames).toEqual(['0', '1', '4', '7', '9']);
    // Each entry's label names its digit, and there are as many of each as were drawn.
    const perDigit = new Map<string, number>();
    for (const e of plan.entries) perDigit.set(plan.labelNames[e.label], (perDigit.get(plan.labelNames[e.label]) ?? 0) + 1);
    expect(Object.fromEntries(perDigit)).toEqual({ '0': 1, '1': 2, '4': 3, '7': 4, '9': 2 });
    // The bytes inside are the drawings' PNGs.
    const first = plan.entries.find((e) => e.path.endsWith('drawing-0001.png'))!;
    expect([...readPng(first.bytes).bytes]).toEqual(Array.from(DRAWINGS[0].pixels, (v) => Math.round(255 * v)));
  });

  it('the drop options: own images at the drawings’ size, or MNIST + drawings only at 28×28 grey', () => {
    const zipFile = { name: DRAWINGS_ZIP_NAME, bytes: zip };
    const alone = acceptOwn([zipFile], dropOptionsFor(MNIST_SHAPE, false), 1);
    expect(alone?.accepted).toMatchObject({ dataset: 'own-images', description: '12 images' });
    const withMnist = acceptOwn([zipFile], dropOptionsFor(MNIST_SHAPE, true), 1);
    expect(withMnist?.accepted.dataset).toBe('mnist-drawings');
    expect(() => acceptOwn([zipFile], dropOptionsFor({ width: 32, height: 32, channels: 1 }, true), 1)).toThrow(/needs 28×28 grey images; the last images were read at 32×32 grey/);
    expect(() => checkMnistDrawingsOptions({ side: 28, colour: true })).toThrow(OwnDataError);
  });

  it('mixed sizes: the most common one is trained on alone; pixels stack in order', () => {
    const small = [drawing(0, 2, { width: 16, height: 16, channels: 1 }), drawing(1, 3, { width: 16, height: 16, channels: 1 })];
    const all = [...DRAWINGS, ...small];
    expect(commonShape(all)).toEqual(MNIST_SHAPE);
    expect(ofShape(all, MNIST_SHAPE)).toHaveLength(12);
    expect(commonShape([])).toBeNull();
    const stacked = stackPixels(small);
    expect(stacked.length).toBe(2 * 256);
    expect([...stacked.subarray(256)]).toEqual([...small[1].pixels]);
  });
});

describe('MNIST + your drawings', () => {
  /** A pool as the worker decodes the drawings zip (values as the PNGs hold them; one failed to decode). */
  function poolOf(drawings: Drawing[], failedIndex: number): ImagePool {
    const plan = planImages([{ name: DRAWINGS_ZIP_NAME, bytes: drawingsZip(drawings) }]);
    const kept = plan.entries.filter((_, i) => i !== failedIndex);
    const values = new Float32Array(kept.length * 784);
    kept.forEach((e, i) =>
      values.set(
        Float32Array.from(readPng(e.bytes).bytes, (b) => b / 255),
        i * 784,
      ),
    );
    return { n: kept.length, side: 28, channels: 1, values, labels: null, labelNames: plan.labelNames, failed: [plan.entries[failedIndex].path], plan };
  }

  const mnist: ImageDataset = {
    name: 'mnist',
    width: 28,
    height: 28,
    channels: 1,
    dim: 784,
    train: { n: 5, images: new Float32Array(5 * 784).fill(0.25), labels: Uint8Array.from([5, 0, 4, 1, 9]) },
    test: { n: 3, images: new Float32Array(3 * 784).fill(0.5), labels: Uint8Array.from([7, 2, 1]) },
    description: 'MNIST',
  };

  it('appends the decoded drawings and their digits (from the folders) to the training rows; the test set stays MNIST’s', () => {
    const pool = poolOf(DRAWINGS, 2);
    const digits = digitLabels(pool);
    // Sorted paths: 0/…0010, 1/…0001, 1/…0002, 4/…, 7/…, 9/…; the third (1/drawing-0002) failed.
    expect([...digits]).toEqual([0, 1, 4, 4, 4, 7, 7, 7, 7, 9, 9]);
    const d = appendDrawings(mnist, pool, digits);
    expect(d.name).toBe('mnist-drawings');
    expect(d.train.n).toBe(5 + 11);
    expect([...d.train.labels!]).toEqual([5, 0, 4, 1, 9, ...digits]);
    expect(d.train.images.subarray(0, 5 * 784).every((v) => v === 0.25)).toBe(true);
    expect([...d.train.images.subarray(5 * 784, 6 * 784)]).toEqual([...pool.values.subarray(0, 784)]);
    expect(d.test).toBe(mnist.test);
    expect(d.description).toBe('MNIST + your drawings: 5 MNIST training digits and your 11 drawings (digits 0, 1, 4, 7, 9), 3 MNIST test digits');
  });

  it('one digit alone still carries its label (own-images would call a single folder unlabelled)', () => {
    const threes = [0, 1, 2].map((i) => drawing(i, 3));
    const pool = poolOf(threes, 0);
    expect(pool.plan.labelNames).toEqual([]);
    expect([...digitLabels(pool)]).toEqual([3, 3]);
  });

  it('images not in digit folders are refused with their paths', () => {
    const pool = poolOf(DRAWINGS, 0);
    pool.plan = { ...pool.plan, entries: pool.plan.entries.map((e, i) => (i === 4 ? { ...e, path: 'my-drawings/cats/a.png' } : e)) };
    expect(() => digitLabels(pool)).toThrow(/folder named by its digit \(0–9\); 1 is not \(my-drawings\/cats\/a.png\)/);
  });
});
