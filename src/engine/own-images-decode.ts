// Decodes image files in the worker: createImageBitmap, then the centre square drawn onto a
// side×side OffscreenCanvas (the browser resizes it), then grey or colour values in [0, 1].
import { centreCrop, pixelsFromRgba, type ImageEntry } from '../data/own-images';

export interface Decoded {
  n: number;
  values: Float32Array;
  labels: Uint8Array;
  failed: string[];
}

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp' };

/** Decodes the entries in order; one that fails is counted in `failed` and left out. */
export async function decodeImages(entries: ImageEntry[], side: number, channels: 1 | 3, signal: AbortSignal, onProgress: (f: number) => void): Promise<Decoded> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error('This browser cannot decode images in a worker (createImageBitmap and OffscreenCanvas are needed).');
  }
  const canvas = new OffscreenCanvas(side, side);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('No 2D context on an OffscreenCanvas in this browser.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const dim = side * side * channels;
  const values = new Float32Array(entries.length * dim);
  const labels = new Uint8Array(entries.length);
  const failed: string[] = [];
  let n = 0;
  for (let i = 0; i < entries.length; i++) {
    if (signal.aborted) throw new Error('Cancelled');
    const e = entries[i];
    const ext = e.path.split('.').pop()?.toLowerCase() ?? '';
    try {
      const bitmap = await createImageBitmap(new Blob([e.bytes as BlobPart], { type: MIME[ext] ?? '' }));
      const crop = centreCrop(bitmap.width, bitmap.height);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, side, side);
      ctx.drawImage(bitmap, crop.sx, crop.sy, crop.side, crop.side, 0, 0, side, side);
      bitmap.close();
      pixelsFromRgba(ctx.getImageData(0, 0, side, side).data, channels, values, n * dim);
      labels[n] = Math.max(0, e.label);
      n++;
    } catch {
      failed.push(e.path);
    }
    if (i % 50 === 49) onProgress((i + 1) / entries.length);
  }
  onProgress(1);
  return { n, values: n === entries.length ? values : values.slice(0, n * dim), labels: labels.slice(0, n), failed };
}
