import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { createRng } from '../../src/math/rng';
import { openLab } from './helpers';

// Your own data: a zip of generated PNGs, a CSV fixture, and bad drops that must leave the run alone.

/** CRC-32 (the PNG chunk checksum). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal 8-bit greyscale PNG: signature, IHDR, one zlib IDAT (filter 0 per row), IEND. */
function greyPng(width: number, height: number, pixel: (x: number, y: number) => number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, filter 0, no interlace
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = Math.max(0, Math.min(255, Math.round(pixel(x, y))));
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * n 32×32 images with a 4-dimensional structure: the mean plus four smooth patterns with
 * falling weights (so the top-4 principal subspace is well separated), a little noise.
 * Two folders, so the labels are 'bars' and 'rings'.
 */
function imageZip(n: number, extras: Record<string, Uint8Array> = {}): Uint8Array {
  const r = createRng(11);
  const patterns: ((x: number, y: number) => number)[] = [
    (x) => Math.sin((Math.PI * x) / 16),
    (_, y) => Math.cos((Math.PI * y) / 16),
    (x, y) => Math.sin((Math.PI * (x + y)) / 11),
    (x, y) => Math.cos((Math.PI * Math.hypot(x - 16, y - 16)) / 8),
  ];
  const weights = [60, 50, 42, 36];
  const files: Record<string, Uint8Array> = { ...extras };
  for (let i = 0; i < n; i++) {
    const a = weights.map((w) => w * (2 * r() - 1));
    files[`shapes/${i % 2 ? 'rings' : 'bars'}/img-${String(i).padStart(3, '0')}.png`] = greyPng(
      32,
      32,
      (x, y) => 128 + patterns.reduce((s, p, k) => s + a[k] * p(x, y), 0) + 2 * (r() - 0.5),
    );
  }
  return zipSync(files, { level: 1 });
}

/** WASM, as the other browser tests; LAB_OWN_BACKEND=cpu runs it where WASM is unavailable. */
const BACKEND = process.env.LAB_OWN_BACKEND ?? 'wasm';
const lastValue = (page: Page, name: string) => page.evaluate((n) => window.lab.metrics()[n]?.at(-1)?.value ?? NaN, name);
const notices = (page: Page) => page.getByTestId('notices');

/** Records every request the page makes from now on. */
function recordRequests(page: Page): { url: string; method: string; body: number }[] {
  const seen: { url: string; method: string; body: number }[] = [];
  page.on('request', (r) => seen.push({ url: r.url(), method: r.method(), body: r.postDataBuffer()?.length ?? 0 }));
  return seen;
}

test('a zip of generated PNGs: skipped files counted, the linear AE finds the PCA subspace at 24×24, nothing leaves the page', async ({ page }) => {
  await openLab(page, `backend=${BACKEND}&model=linear&latent=4&learningRate=0.02&batchSize=64`);
  const origin = new URL(page.url()).origin;
  const requests = recordRequests(page);
  await page.getByTestId('own-data').locator('summary').click();
  await page.getByTestId('own-side').fill('24');
  const corrupt = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
  const zip = imageZip(300, {
    'shapes/readme.txt': new TextEncoder().encode('made by a test'),
    'shapes/meta.json': new TextEncoder().encode('{}'),
    'shapes/bars/broken.png': corrupt,
  });
  await page.getByTestId('own-files-input').setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect.poll(() => page.evaluate(() => window.lab.state().dataset), { timeout: 120_000 }).toBe('own-images');
  const description = page.getByTestId('dataset-description');
  await expect(description).toContainText('Your images: 300 images 24×24 grey, 2 labels (bars, rings), seeded split 240 train / 60 test', { timeout: 120_000 });
  await expect(description).toContainText('skipped 2 files that are not an image, 1 image that failed to decode (shapes/shapes/bars/broken.png)');

  const info = await page.evaluate(() => window.lab.dataset());
  expect(info).toMatchObject({ id: 'own-images', kind: 'images', train: 240, test: 60, size: { width: 24, height: 24, channels: 1 }, labels: ['bars', 'rings'], columns: null });

  await page.evaluate(() => window.lab.step(800));
  const similarity = await lastValue(page, 'pca/subspaceSimilarity');
  console.log(`own images 24×24, K = 4, 800 steps: subspace similarity to the lab's PCA ${similarity.toFixed(4)}`);
  expect(similarity).toBeGreaterThanOrEqual(0.95);
  const mem1 = await page.evaluate(() => window.lab.memory());
  await page.evaluate(() => window.lab.step(20));
  expect((await page.evaluate(() => window.lab.memory())).numTensors).toBe(mem1.numTensors);

  // The tiles are drawn at the data's size: 10 originals at zoom 2 with 4 px gaps, 24 px images.
  const originals = page.getByTestId('originals-canvas');
  await expect.poll(() => originals.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([10 * (24 * 2 + 4) - 4, 48]);
  await expect.poll(() => page.getByTestId('weights-canvas').evaluate((c: HTMLCanvasElement) => c.height > 0 && c.width % 24 !== 1)).toBe(true);

  // Privacy: while the zip loaded and the model trained, no request left the app's origin and none carried data.
  const foreign = requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:') && !r.url.startsWith('blob:'));
  expect(foreign).toEqual([]);
  expect(requests.filter((r) => r.method !== 'GET' || r.body > 0)).toEqual([]);

  // A screenshot of a non-MNIST run for the README (LAB_SCREENSHOT=1 refreshes docs/own-images.png).
  if (process.env.LAB_SCREENSHOT) await page.screenshot({ path: 'docs/own-images.png' });

  // New images while on own-images reload the data; in colour at 16 px they have 3 channels.
  await page.getByTestId('own-side').fill('16');
  await page.getByTestId('own-colour').check();
  await page.getByTestId('own-files-input').setInputFiles({ name: 'small.zip', mimeType: 'application/zip', buffer: Buffer.from(imageZip(60)) });
  await expect(description).toContainText('Your images: 60 images 16×16 colour, 2 labels (bars, rings), seeded split 48 train / 12 test');
  expect((await page.evaluate(() => window.lab.dataset()))?.size).toEqual({ width: 16, height: 16, channels: 3 });
  await expect.poll(() => originals.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([10 * (16 * 2 + 4) - 4, 32]);
  await page.evaluate(() => window.lab.step(5));
});

test('a CSV table: the linear AE against PCA, no pixel tiles, and bad tables refused with the run intact', async ({ page }) => {
  await openLab(page, `backend=${BACKEND}&model=linear&learningRate=0.02&batchSize=16`);
  const requests = recordRequests(page);
  const origin = new URL(page.url()).origin;
  const csv = readFileSync(new URL('../fixtures/own-table.csv', import.meta.url));
  await page.getByTestId('own-files-input').setInputFiles({ name: 'own-table.csv', mimeType: 'text/csv', buffer: csv });
  await expect.poll(() => page.evaluate(() => window.lab.state().dataset), { timeout: 60_000 }).toBe('own-table');
  await expect(page.getByTestId('dataset-description')).toContainText('Your table own-table.csv: 60 rows × 4 numeric columns');
  expect(await page.evaluate(() => window.lab.state().latent)).toBe(2);
  const info = await page.evaluate(() => window.lab.dataset());
  expect(info).toMatchObject({
    id: 'own-table',
    kind: 'table',
    train: 48,
    test: 12,
    columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    labels: ['setosa', 'versicolor', 'virginica'],
  });
  // A row of numbers is not an image: no tile panels.
  await expect(page.getByTestId('originals-canvas')).toHaveCount(0);
  await expect(page.getByTestId('weights-canvas')).toHaveCount(0);

  await page.evaluate(() => window.lab.step(600));
  const similarity = await lastValue(page, 'pca/subspaceSimilarity');
  console.log(`own table (4 columns), K = 2, 600 steps: subspace similarity ${similarity.toFixed(4)}`);
  expect(similarity).toBeGreaterThanOrEqual(0.95);
  const step = (await page.evaluate(() => window.lab.evaluate())).step;

  // Text in a numeric column: a message by row and column; the run goes on.
  const bad = ['a,b,c', ...Array.from({ length: 12 }, (_, i) => `${i},${i === 4 ? 'oops' : i * 2},${i % 3}`)].join('\n');
  await page.getByTestId('own-files-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(notices(page)).toContainText('bad.csv has text in numeric columns: row 5, column "b": "oops".');
  await expect(notices(page)).toContainText('The current run is unchanged.');
  // A damaged image alone, and an oversize image: each a message, the run intact.
  const corrupt = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9, 9]);
  await page.getByTestId('own-files-input').setInputFiles({ name: 'corrupt.png', mimeType: 'image/png', buffer: corrupt });
  await expect(notices(page)).toContainText('corrupt.png starts like an image but is damaged or cut short, so it could not be decoded.');
  const huge = Buffer.alloc(17 * 1024 * 1024, 7);
  huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]); // a PNG's signature and IHDR tag
  await page.getByTestId('own-files-input').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
  await expect(notices(page)).toContainText('1 image is over 16 MB: huge.png');

  expect(await page.evaluate(() => window.lab.state().dataset)).toBe('own-table');
  await page.evaluate(() => window.lab.step(5));
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(step + 5);
  await expect(page.getByTestId('dataset-description')).toContainText('own-table.csv');
  expect(requests.filter((r) => new URL(r.url).origin !== origin || r.method !== 'GET' || r.body > 0)).toEqual([]);
});
