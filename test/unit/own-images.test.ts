import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  centreCrop,
  checkImageOptions,
  isDamagedImage,
  MAX_FILE_BYTES,
  OWN_OPTIONS_ENTRY,
  pixelsFromRgba,
  planImages,
  sniffImage,
  splitImagePool,
  takeOwnOptions,
  type ImagePool,
} from '../../src/data/own-images';
import { fitPca } from '../../src/math/pca';
import { acceptOwn, ownKindOf } from '../../src/engine/own-data';
import { fitPcaFor } from '../../src/engine/own-images-pca';
import { createRng } from '../../src/math/rng';
import { useTestBackend } from './tf-setup';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A PNG signature and IHDR tag, then filler: enough to count as an image until decoded. */
const png = (extra = 60) => {
  const b = new Uint8Array(PNG.length + extra).fill(1);
  b.set(PNG);
  b.set([0x49, 0x48, 0x44, 0x52], 12);
  return b;
};
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const text = (s: string) => new TextEncoder().encode(s);

describe('own images: what was dropped', () => {
  it('tells images by their first bytes, not their names', () => {
    expect(sniffImage(png())).toBe('png');
    expect(sniffImage(jpeg())).toBe('jpeg');
    expect(sniffImage(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]))).toBe('webp');
    expect(sniffImage(text('hello.png'))).toBeNull();
  });

  it('a zip mixing images with other files: images kept with folder labels, the others counted', () => {
    const zip = zipSync({
      'set/cats/1.png': png(),
      'set/cats/2.png': png(),
      'set/dogs/1.jpg': jpeg(),
      'set/dogs/notes.txt': text('not an image'),
      'set/readme.md': text('# hi'),
      '__MACOSX/set/cats/._1.png': text('junk'),
      'set/.DS_Store': text('junk'),
    });
    const plan = planImages([{ name: 'pets.zip', bytes: zip }]);
    expect(plan.entries.map((e) => e.path)).toEqual(['pets/set/cats/1.png', 'pets/set/cats/2.png', 'pets/set/dogs/1.jpg']);
    expect(plan.labelNames).toEqual(['cats', 'dogs']);
    expect(plan.entries.map((e) => e.label)).toEqual([0, 0, 1]);
    expect(plan.notImages.sort()).toEqual(['pets/set/dogs/notes.txt', 'pets/set/readme.md']);
    expect(ownKindOf([{ name: 'pets.zip', bytes: zip }])).toBe('images');
  });

  it('loose files in one folder are unlabelled; an oversize image is skipped, and alone it is refused', () => {
    const plan = planImages([
      { name: 'a.png', bytes: png() },
      { name: 'b.png', bytes: png() },
      { name: 'huge.png', bytes: png(MAX_FILE_BYTES) },
    ]);
    expect(plan.labelNames).toEqual([]);
    expect(plan.entries.every((e) => e.label === -1)).toBe(true);
    expect(plan.tooLarge).toEqual(['huge.png']);
    expect(() => planImages([{ name: 'huge.png', bytes: png(MAX_FILE_BYTES) }])).toThrow(
      'None of the 1 dropped file is a usable PNG, JPEG or WebP image (1 image is over 16 MB: huge.png).',
    );
    expect(() => planImages([{ name: 'x.txt', bytes: text('x') }])).toThrow('None of the 1 dropped file is a usable');
  });

  it('centre crop, grey and colour pixels, alpha over white', () => {
    expect(centreCrop(100, 60)).toEqual({ sx: 20, sy: 0, side: 60 });
    expect(centreCrop(30, 50)).toEqual({ sx: 0, sy: 10, side: 30 });
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0]);
    const grey = new Float32Array(2);
    pixelsFromRgba(rgba, 1, grey, 0);
    expect(grey[0]).toBeCloseTo(0.299, 5);
    expect(grey[1]).toBeCloseTo(1, 5); // transparent: white paper
    const colour = new Float32Array(6);
    pixelsFromRgba(rgba, 3, colour, 0);
    expect([...colour]).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('a file with an image signature but cut short is damaged, not an image drop', () => {
    expect(isDamagedImage(new Uint8Array([...PNG, 0, 0, 0, 13]))).toBe(true);
    expect(ownKindOf([{ name: 'holiday.png', bytes: new Uint8Array([...PNG, 0, 0, 0, 13]) }])).toBeNull();
    const ok = png(60);
    ok.set([0x49, 0x48, 0x44, 0x52], 12);
    expect(isDamagedImage(ok)).toBe(false);
    expect(ownKindOf([{ name: 'a.png', bytes: ok }])).toBe('images');
  });

  it('options: the side is checked; the options entry is taken out of the files', () => {
    expect(checkImageOptions({ side: 32, colour: true })).toEqual({ side: 32, colour: true });
    expect(() => checkImageOptions({ side: 8 })).toThrow('from 16 to 64 pixels');
    const { files, options } = takeOwnOptions([
      { name: 'a.png', bytes: png() },
      { name: OWN_OPTIONS_ENTRY, bytes: text(JSON.stringify({ image: { side: 20 } })) },
    ]);
    expect(files.map((f) => f.name)).toEqual(['a.png']);
    expect(options?.image?.side).toBe(20);
  });

  it('a table drop switches to own-table with a 2-D code; an image drop to own-images', () => {
    const csv = ['a,b,c,label', ...Array.from({ length: 20 }, (_, i) => `${i},${i % 5},${(i * 7) % 3},${i % 2 ? 'odd' : 'even'}`)].join('\n');
    const t = acceptOwn([{ name: 'my.csv', bytes: text(csv) }], undefined, 1);
    expect(t?.accepted.dataset).toBe('own-table');
    expect(t?.accepted.patch).toEqual({ latent: 2 });
    expect(t?.accepted.description).toContain('20 rows × 3 numeric columns');
    const im = acceptOwn(
      [
        { name: 'a.png', bytes: png() },
        { name: 'b.txt', bytes: text('x') },
      ],
      { image: { side: 24 } },
      1,
    );
    expect(im?.accepted).toEqual({ description: '1 images (1 other file skipped)', dataset: 'own-images' });
    expect(im?.own.images?.options).toEqual({ side: 24, colour: false });
    expect(acceptOwn([{ name: 'train-images-idx3-ubyte', bytes: new Uint8Array([0, 0, 8, 3]) }], undefined, 1)).toBeNull();
  });
});

describe('own images: the split and the PCA for their size', () => {
  beforeAll(useTestBackend);

  const pool = (n: number, side: number): ImagePool => {
    const rng = createRng(3);
    const values = Float32Array.from({ length: n * side * side }, () => rng());
    return {
      n,
      side,
      channels: 1,
      values,
      labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
      labelNames: ['a', 'b'],
      failed: ['bad.png'],
      plan: { entries: [], labelNames: ['a', 'b'], notImages: ['x.txt', 'y.json'], tooLarge: [], overCount: 0 },
    };
  };

  it('seeded 80/20 split with labels; everything skipped is said in one sentence', () => {
    const ds = splitImagePool(pool(50, 16), 1);
    expect([ds.width, ds.height, ds.channels, ds.dim]).toEqual([16, 16, 1, 256]);
    expect([ds.train.n, ds.test.n]).toEqual([40, 10]);
    expect(ds.labelNames).toEqual(['a', 'b']);
    expect(ds.description).toBe(
      'Your images: 50 images 16×16 grey, 2 labels (a, b), seeded split 40 train / 10 test; skipped 2 files that are not an image, 1 image that failed to decode (bad.png)',
    );
    expect(() => splitImagePool(pool(9, 16), 1)).toThrow('Only 9 images could be used; the lab needs at least 10.');
  });

  it('fewer images than pixels: the Gram-matrix PCA equals the covariance PCA', async () => {
    const n = 40;
    const dim = 100;
    const rng = createRng(5);
    // Rank-3 images plus a little noise.
    const basis = Array.from({ length: 3 }, () => Float32Array.from({ length: dim }, () => rng() - 0.5));
    const x = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) for (let j = 0; j < dim; j++) x[i * dim + j] += (3 - k) * (rng() - 0.5) * basis[k][j] + 0.01 * (rng() - 0.5);
    const gram = await fitPcaFor(x, n, dim);
    const cov = await fitPca(x, n, dim);
    for (let r = 0; r < 5; r++) expect(gram.eigenvalues[r]).toBeCloseTo(cov.eigenvalues[r], 5);
    for (let r = 0; r < 3; r++) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += gram.components[r * dim + j] * cov.components[r * dim + j];
      expect(dot).toBeCloseTo(1, 3);
    }
    expect(gram.eigenvalues[n]).toBe(0);
  });
});
