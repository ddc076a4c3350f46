import { describe, expect, it } from 'vitest';
import type { IdxArray } from '../../src/data/idx';
import { splitPool } from '../../src/data/image-dataset';
import { decodePcaFile, encodePcaFile, imagesFingerprint, splitFingerprint } from '../../src/data/pca-file';
import { writeSafetensors } from '../../src/data/safetensors';

// A 3-D PCA in the file format: read back only for the training images it was fitted on.
const images = Float32Array.from({ length: 12 }, (_, i) => (i * 7) % 5);
const pca = {
  dim: 3,
  mean: Float32Array.from([0.5, 1, 1.5]),
  eigenvalues: Float64Array.from([2.5, 1.25, 0.125]),
  components: Float32Array.from([1, 0, 0, 0, 0.6, 0.8, 0, -0.8, 0.6]),
};

describe('the shipped PCA file', () => {
  it('round-trips the mean, the eigenvalues and the components', () => {
    const back = decodePcaFile(encodePcaFile(pca, imagesFingerprint(images)), imagesFingerprint(images), 3)!;
    expect(Array.from(back.mean)).toEqual(Array.from(pca.mean));
    expect(Array.from(back.eigenvalues)).toEqual(Array.from(pca.eigenvalues));
    expect(Array.from(back.components)).toEqual(Array.from(pca.components));
  });

  it('does not apply to other training images, even one value different', () => {
    const other = images.slice();
    other[5] += 1 / 255;
    expect(imagesFingerprint(other)).not.toBe(imagesFingerprint(images));
    expect(decodePcaFile(encodePcaFile(pca, imagesFingerprint(images)), imagesFingerprint(other), 3)).toBeNull();
  });

  it('a split still in bytes has the fingerprint its floats will have, and stays bytes', () => {
    const pool: IdxArray = { dims: [30, 4, 5], data: Uint8Array.from({ length: 600 }, (_, i) => (i * 53 + 7) % 256) };
    const { train, test } = splitPool(pool, null, 20, 10, 3);
    const fromBytes = splitFingerprint(train, 20);
    expect(train.unconverted).toBeInstanceOf(Uint8Array); // the floats were not made
    expect(fromBytes).toBe(imagesFingerprint(train.images));
    expect(splitFingerprint(train, 20)).toBe(fromBytes); // and from the floats once they exist
    expect(splitFingerprint(test, 20)).not.toBe(fromBytes);
  });

  it('refuses a file that is not a PCA file, or of another dimension, naming why', () => {
    const foreign = writeSafetensors([{ name: 'w', shape: [1], values: Float32Array.from([1]) }], { format: 'something-else' });
    expect(() => decodePcaFile(foreign, imagesFingerprint(images), 3)).toThrow(/not a PCA file/);
    expect(() => decodePcaFile(encodePcaFile(pca, imagesFingerprint(images)), imagesFingerprint(images), 4)).toThrow(/not of dimension 4/);
    expect(() => decodePcaFile(new Uint8Array([1, 2, 3]), imagesFingerprint(images), 3)).toThrow(/shorter than its 8-byte header/);
  });
});
