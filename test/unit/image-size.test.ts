import { beforeAll, describe, expect, it } from 'vitest';
import { ImageTask } from '../../src/engine/image-task';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { useTestBackend } from './tf-setup';

/** An IDX file with the given dims and bytes fill(i). */
function idx(dims: number[], fill: (i: number) => number): Uint8Array {
  const header = 4 + 4 * dims.length;
  const size = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(header + size);
  out.set([0, 0, 8, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < size; i++) out[header + i] = fill(i);
  return out;
}

describe('the image size travels with the data', () => {
  beforeAll(useTestBackend);

  it('12×12 dropped images: the task, its PCA and its reference are 12×12', async () => {
    const side = 12;
    const n = 60;
    // Each image a blurry bar at its own position, so the PCA has something to find.
    const images = idx([n, side, side], (i) => {
      const img = Math.floor(i / (side * side));
      const x = i % side;
      return Math.round(255 * Math.exp(-(((x - (img % side)) / 2) ** 2)));
    });
    const labels = idx([n], (i) => i % 10);
    const settings: Settings = { ...defaultSettings(), dataset: 'dropped', latent: 3 };
    const task = await ImageTask.load({
      settings,
      datasetsUrl: '',
      fetchBytes: () => Promise.reject(new Error('no fetching: the data was dropped')),
      signal: new AbortController().signal,
      progress: () => undefined,
      dropped: [
        { name: 'small-images-idx3-ubyte', bytes: images },
        { name: 'small-labels-idx1-ubyte', bytes: labels },
      ],
    });
    try {
      expect(task.inputDim).toBe(side * side);
      const ref = await task.reference(settings);
      expect(ref.image).toEqual({ width: side, height: side, channels: 1 });
      const strip = ref.originals.length / (side * side);
      expect(Number.isInteger(strip) && strip > 0).toBe(true);
      expect(ref.eigenDigits!.length).toBe(3 * side * side);
      expect(ref.originalLabels.length).toBe(strip);
    } finally {
      task.dispose();
    }
  });
});
