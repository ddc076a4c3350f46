// Your drawings as files: each one a PNG in a folder named by its digit (`3/drawing-0001.png`),
// all in one zip — exactly what the lab's own-images drop reads (sub-folders name the labels),
// so an exported set can be dropped back in. Pure: no DOM, so Node tests run it.
import { zipSync, zlibSync } from 'fflate';
import type { OwnDropOptions } from '../data/own-images';

/** One saved drawing: the pad's image (values in [0, 1], row by row, a pixel's channels together) and its digit. */
export interface Drawing {
  /** IndexedDB's key (absent before it is stored). */
  id?: number;
  width: number;
  height: number;
  channels: number;
  pixels: Float32Array;
  /** The digit it shows, 0–9. */
  label: number;
  /** When it was saved (ms since 1970). */
  createdAt: number;
}

export interface DrawingShape {
  width: number;
  height: number;
  channels: number;
}

/** The digits a drawing may be labelled with. */
export const DRAWING_LABELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
/** The own-images loader needs at least this many images (data/own-images.ts splitImagePool). */
export const MIN_TO_TRAIN = 10;
/** MNIST's digits: the drawings that can join them. */
export const MNIST_SHAPE: DrawingShape = { width: 28, height: 28, channels: 1 };

export const sameShape = (a: DrawingShape, b: DrawingShape): boolean => a.width === b.width && a.height === b.height && a.channels === b.channels;
export const shapeKey = (s: DrawingShape): string => `${s.width}×${s.height}${s.channels === 3 ? ' colour' : ''}`;

/** How many drawings show each digit: counts[d] for d = 0…9. */
export function countsByLabel(drawings: readonly Drawing[]): number[] {
  const counts = DRAWING_LABELS.map(() => 0);
  for (const d of drawings) counts[d.label]++;
  return counts;
}

/** The size most drawings have (ties: the latest drawing's), or null when there are none. */
export function commonShape(drawings: readonly Drawing[]): DrawingShape | null {
  const tally = new Map<string, { shape: DrawingShape; n: number; last: number }>();
  for (const d of drawings) {
    const k = shapeKey(d);
    const t = tally.get(k) ?? { shape: { width: d.width, height: d.height, channels: d.channels }, n: 0, last: 0 };
    t.n++;
    t.last = Math.max(t.last, d.createdAt);
    tally.set(k, t);
  }
  const best = [...tally.values()].sort((a, b) => b.n - a.n || b.last - a.last)[0];
  return best?.shape ?? null;
}

export const ofShape = (drawings: readonly Drawing[], shape: DrawingShape): Drawing[] => drawings.filter((d) => sameShape(d, shape));

/** The drawings' pixels one after another (n × width·height·channels), as the engine's queries take images. */
export function stackPixels(drawings: readonly Drawing[]): Float32Array {
  const dim = drawings[0] ? drawings[0].pixels.length : 0;
  const out = new Float32Array(drawings.length * dim);
  drawings.forEach((d, i) => out.set(d.pixels.subarray(0, dim), i * dim));
  return out;
}

// ---- PNG (ISO/IEC 15948): signature, IHDR, one zlib IDAT (filter 0 on every row), IEND ----

/** CRC-32 (polynomial 0xEDB88320), the checksum every PNG chunk ends with. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * An 8-bit PNG of the image: grey (1 channel) or RGB (3). A value v in [0, 1] becomes the
 * byte round(255 v), opaque, so the lab's decoder (grey = 0.299 R + 0.587 G + 0.114 B) reads v back.
 */
export function encodePng(width: number, height: number, channels: number, pixels: Float32Array): Uint8Array {
  if (channels !== 1 && channels !== 3) throw new Error(`A drawing has 1 or 3 channels, not ${channels}.`);
  if (pixels.length !== width * height * channels) throw new Error(`A ${width}×${height}×${channels} drawing has ${width * height * channels} values, not ${pixels.length}.`);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8); // bit depth 8; colour type grey (0) or RGB (2); deflate; filter 0; no interlace
  const row = width * channels;
  const raw = new Uint8Array(height * (row + 1)); // each row: filter byte 0, then its bytes
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < row; i++) raw[y * (row + 1) + 1 + i] = Math.round(255 * Math.min(1, Math.max(0, pixels[y * row + i] || 0)));
  }
  const parts = [Uint8Array.from(PNG_SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The path of drawing i (0-based, in saved order) in the zip: its digit's folder. */
export const drawingPath = (d: Drawing, i: number): string => `${d.label}/drawing-${String(i + 1).padStart(4, '0')}.png`;

/** The drawings as one zip of PNGs in digit folders (stored, not deflated again: PNGs are compressed). */
export function drawingsZip(drawings: readonly Drawing[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  drawings.forEach((d, i) => (files[drawingPath(d, i)] = encodePng(d.width, d.height, d.channels, d.pixels)));
  return zipSync(files, { level: 0 });
}

/** The name the zip goes by (a download, or a drop the worker reads: its folders become `my-drawings/3/…`). */
export const DRAWINGS_ZIP_NAME = 'my-drawings.zip';

/**
 * How the own-images loader should read the drawings: at their size, grey or colour, and, to
 * add them to MNIST, as the dataset 'mnist-drawings' (28×28 grey only).
 */
export function dropOptionsFor(shape: DrawingShape, withMnist: boolean): OwnDropOptions {
  return { image: { side: Math.min(shape.width, shape.height), colour: shape.channels === 3 }, ...(withMnist ? { withMnist: true } : {}) };
}
