// Your own images: which dropped files are images, their labels (sub-folder names), the
// limits, the centre crop and the seeded split. Pure: the decoding itself happens in the
// worker (engine/own-images-loader.ts, createImageBitmap + OffscreenCanvas).
import { unzipSync } from 'fflate';
import { createRng, permutation, subSeed } from '../math/rng';
import type { DroppedFile } from './dropped-idx';
import type { ImageDataset } from './image-dataset';

/** The sides the lab resizes to, and the one it picks unless told. */
export const MIN_SIDE = 16;
export const MAX_SIDE = 64;
export const DEFAULT_SIDE = 28;
/** Stated limits: images kept, bytes dropped in all, bytes of one image. */
export const MAX_IMAGES = 20_000;
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Values the pool may hold (n × side² × channels): 200 MB of float32 on the device. */
export const MAX_VALUES = 50_000_000;
/** The exact PCA reference costs min(n, D)³: above this D the training set is capped at MAX_TRAIN_LARGE. */
export const LARGE_DIM = 1024;
export const MAX_TRAIN_LARGE = 1000;
/** Labels are bytes: at most this many sub-folders name classes. */
export const MAX_LABELS = 255;

/** How to turn files into images: the side in pixels and grey (1 channel) or colour (3). */
export interface ImageOptions {
  side: number;
  colour: boolean;
}

export const DEFAULT_IMAGE_OPTIONS: ImageOptions = { side: DEFAULT_SIDE, colour: false };

export class OwnDataError extends Error {}

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp';

/** The format its first bytes declare (the name's extension is not trusted), or null. */
export function sniffImage(b: Uint8Array): ImageFormat | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (at(0, 0x42, 0x4d)) return 'bmp';
  return null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
export const isZip = (b: Uint8Array): boolean => ZIP_MAGIC.every((x, i) => b[i] === x);

/** A name the lab ignores without counting it: macOS resource forks and hidden files. */
const isJunk = (path: string): boolean => path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX') || path.endsWith('/');

/** One image file to decode, with its label (index into labelNames) or -1. */
export interface ImageEntry {
  path: string;
  bytes: Uint8Array;
  label: number;
}

/** What the dropped files hold before decoding: the images, their label names and what was skipped. */
export interface ImagePlan {
  entries: ImageEntry[];
  labelNames: string[];
  /** Files that are not images (by their first bytes). */
  notImages: string[];
  /** Images larger than MAX_FILE_BYTES. */
  tooLarge: string[];
  /** Images beyond the count limit. */
  overCount: number;
}

/** The fewest bytes an image of each format can have (a PNG: signature, IHDR, IDAT, IEND). */
const MIN_BYTES: Record<ImageFormat, number> = { png: 57, jpeg: 107, webp: 26, gif: 26, bmp: 26 };

/** An image signature on a file too short (or, for PNG, without its IHDR header) to be one: damaged or cut short. */
export function isDamagedImage(b: Uint8Array): boolean {
  const f = sniffImage(b);
  if (!f) return false;
  const ihdr = f !== 'png' || (b[12] === 0x49 && b[13] === 0x48 && b[14] === 0x44 && b[15] === 0x52);
  return b.length < MIN_BYTES[f] || !ihdr;
}

/**
 * Whether the drop is images: a file that is one (not a damaged one, which goes on to the
 * other readers and their message) or a zip holding some (a cheap look: listed, not inflated).
 */
export function looksLikeImages(files: DroppedFile[]): boolean {
  return files.some((f) => (sniffImage(f.bytes) !== null && !isDamagedImage(f.bytes)) || (isZip(f.bytes) && zipHasImages(f.bytes)));
}

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|bmp)$/i;

function zipHasImages(bytes: Uint8Array): boolean {
  let found = false;
  try {
    unzipSync(bytes, { filter: (f) => (found ||= IMAGE_NAME.test(f.name) && !isJunk(f.name)) && false });
  } catch {
    return false;
  }
  return found;
}

/**
 * Lists the images among dropped files (a folder's files carry their relative path as
 * name; zips are opened), checks the limits and names the labels: the folder that holds
 * each image, when the images sit in more than one folder.
 */
export function planImages(files: DroppedFile[]): ImagePlan {
  if (files.length === 0) throw new OwnDataError('No files were dropped.');
  const total = files.reduce((a, f) => a + f.bytes.length, 0);
  if (total > MAX_TOTAL_BYTES) throw new OwnDataError(`The files come to ${mb(total)}; the lab takes at most ${mb(MAX_TOTAL_BYTES)} at once.`);
  const candidates: { path: string; bytes: Uint8Array }[] = [];
  const notImages: string[] = [];
  for (const f of files) {
    if (isZip(f.bytes)) {
      let inside: Record<string, Uint8Array>;
      try {
        inside = unzipSync(f.bytes, { filter: (e) => !isJunk(e.name) });
      } catch (e) {
        throw new OwnDataError(`${f.name} is not a readable zip: ${(e as Error).message}`);
      }
      const unpacked = Object.values(inside).reduce((a, b) => a + b.length, 0);
      if (unpacked > MAX_TOTAL_BYTES) throw new OwnDataError(`${f.name} unpacks to ${mb(unpacked)}; the lab takes at most ${mb(MAX_TOTAL_BYTES)}.`);
      for (const [path, bytes] of Object.entries(inside)) candidates.push({ path: `${f.name.replace(/\.zip$/i, '')}/${path}`, bytes });
    } else if (!isJunk(f.name)) candidates.push({ path: f.name, bytes: f.bytes });
  }
  const images: { path: string; bytes: Uint8Array }[] = [];
  const tooLarge: string[] = [];
  for (const c of candidates) {
    if (sniffImage(c.bytes) === null) notImages.push(c.path);
    else if (c.bytes.length > MAX_FILE_BYTES) tooLarge.push(c.path);
    else images.push(c);
  }
  if (images.length === 0) {
    const why = tooLarge.length ? ` (${tooLarge.length} image${tooLarge.length > 1 ? 's are' : ' is'} over ${mb(MAX_FILE_BYTES)}: ${tooLarge.slice(0, 3).join(', ')})` : '';
    throw new OwnDataError(`None of the ${candidates.length} dropped file${candidates.length === 1 ? '' : 's'} is a usable PNG, JPEG or WebP image${why}.`);
  }
  images.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const overCount = Math.max(0, images.length - MAX_IMAGES);
  const kept = images.slice(0, MAX_IMAGES);
  const folderOf = (p: string) => p.split('/').slice(-2, -1)[0] ?? '';
  const folders = [...new Set(kept.map((i) => folderOf(i.path)))].sort();
  const labelled = folders.length > 1 && folders.length <= MAX_LABELS;
  const labelNames = labelled ? folders : [];
  const entries = kept.map((i) => ({ ...i, label: labelled ? folders.indexOf(folderOf(i.path)) : -1 }));
  return { entries, labelNames, notImages, tooLarge, overCount };
}

/** The square taken from the middle of a w×h image: its top-left corner and side. */
export function centreCrop(width: number, height: number): { sx: number; sy: number; side: number } {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}

/** RGBA bytes of a side×side image → its `channels` values per pixel in [0, 1] (grey: ITU-R BT.601 luma). */
export function pixelsFromRgba(rgba: Uint8ClampedArray | Uint8Array, channels: 1 | 3, out: Float32Array, offset: number): void {
  const n = rgba.length / 4;
  for (let p = 0; p < n; p++) {
    const r = rgba[p * 4] / 255;
    const g = rgba[p * 4 + 1] / 255;
    const b = rgba[p * 4 + 2] / 255;
    // Transparent pixels count as white paper: a PNG with alpha shows its drawing.
    const a = rgba[p * 4 + 3] / 255;
    const over = (v: number) => v * a + (1 - a);
    if (channels === 1) out[offset + p] = 0.299 * over(r) + 0.587 * over(g) + 0.114 * over(b);
    else {
      out[offset + p * 3] = over(r);
      out[offset + p * 3 + 1] = over(g);
      out[offset + p * 3 + 2] = over(b);
    }
  }
}

/** Decoded images, before the split. */
export interface ImagePool {
  n: number;
  side: number;
  channels: 1 | 3;
  /** n × side² × channels values in [0, 1]. */
  values: Float32Array;
  /** Per image, its label index, or null when unlabelled. */
  labels: Uint8Array | null;
  labelNames: string[];
  /** Paths of images that failed to decode. */
  failed: string[];
  plan: ImagePlan;
}

/** How many images a pool of this size may keep (the value limit; the PCA cap on large images is applied at the split). */
export const maxImagesFor = (side: number, channels: number): number => Math.min(MAX_IMAGES, Math.floor(MAX_VALUES / (side * side * channels)));

/** A dataset with the names of its labels (sub-folders, a table's label column) and, for tables, its columns. */
export type OwnDataset = ImageDataset & { labelNames: string[]; table?: { columns: string[] } };

/** Splits a pool with the seed: 20% (at most 2,000) for test, the rest for training. */
export function splitImagePool(pool: ImagePool, seed: number): OwnDataset {
  const { n, side, channels } = pool;
  if (n < 10) throw new OwnDataError(`Only ${n} image${n === 1 ? '' : 's'} could be used; the lab needs at least 10.`);
  const dim = side * side * channels;
  const nTest = Math.min(2000, Math.max(1, Math.floor(n * 0.2)));
  const nTrain = Math.min(n - nTest, dim > LARGE_DIM ? MAX_TRAIN_LARGE : Infinity);
  const order = permutation(n, createRng(subSeed(seed, 'split')));
  const part = (rows: Int32Array) => {
    const images = new Float32Array(rows.length * dim);
    const labels = pool.labels ? new Uint8Array(rows.length) : null;
    rows.forEach((src, r) => {
      images.set(pool.values.subarray(src * dim, (src + 1) * dim), r * dim);
      if (labels && pool.labels) labels[r] = pool.labels[src];
    });
    return { n: rows.length, images, labels };
  };
  return {
    name: 'own-images',
    width: side,
    height: side,
    channels,
    dim,
    train: part(order.subarray(0, nTrain)),
    test: part(order.subarray(nTrain, nTrain + nTest)),
    labelNames: pool.labelNames,
    description: describePool(pool, nTrain, nTest),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What the user sees: the count, size, labels and, in one sentence, everything skipped. */
export function describePool(pool: ImagePool, nTrain: number, nTest: number): string {
  const { plan } = pool;
  const size = `${pool.side}×${pool.side} ${pool.channels === 3 ? 'colour' : 'grey'}`;
  const labels = pool.labelNames.length
    ? `, ${plural(pool.labelNames.length, 'label')} (${pool.labelNames.slice(0, 6).join(', ')}${pool.labelNames.length > 6 ? '…' : ''})`
    : ', unlabelled';
  const skipped = [
    plan.notImages.length ? `${plural(plan.notImages.length, 'file')} that ${plan.notImages.length === 1 ? 'is' : 'are'} not an image` : '',
    pool.failed.length ? `${plural(pool.failed.length, 'image')} that failed to decode (${pool.failed.slice(0, 3).join(', ')})` : '',
    plan.tooLarge.length ? `${plural(plan.tooLarge.length, 'image')} over ${mb(MAX_FILE_BYTES)}` : '',
    plan.overCount ? `${plural(plan.overCount, 'image')} beyond the limit` : '',
  ].filter(Boolean);
  const skip = skipped.length ? `; skipped ${skipped.join(', ')}` : '';
  return `Your images: ${plural(pool.n, 'image')} ${size}${labels}, seeded split ${nTrain.toLocaleString('en')} train / ${nTest.toLocaleString('en')} test${skip}`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Checks the options a drop carries (a script may send anything). */
export function checkImageOptions(o: Partial<ImageOptions> | undefined): ImageOptions {
  const side = o?.side ?? DEFAULT_SIDE;
  if (!Number.isInteger(side) || side < MIN_SIDE || side > MAX_SIDE)
    throw new OwnDataError(`The image side must be a whole number from ${MIN_SIDE} to ${MAX_SIDE} pixels, not ${side}.`);
  return { side, colour: !!o?.colour };
}

/** The options a drop may carry (the import controls' choices): how to read images, or a table. */
export interface OwnDropOptions {
  image?: Partial<ImageOptions>;
  table?: Partial<import('./own-table').TableOptions>;
  /** Images: add them to the bundled MNIST subset (dataset 'mnist-drawings'; 28×28 grey, folders 0–9). */
  withMnist?: boolean;
}

/** The name of the drop entry that carries the import controls' choices (JSON of OwnDropOptions), not a file of the user's. */
export const OWN_OPTIONS_ENTRY = '.autoencoder-lab-options.json';

/** Separates the options entry from the user's files. */
export function takeOwnOptions(files: DroppedFile[]): { files: DroppedFile[]; options: OwnDropOptions | undefined } {
  const entry = files.find((f) => f.name === OWN_OPTIONS_ENTRY);
  if (!entry) return { files, options: undefined };
  let options: OwnDropOptions;
  try {
    options = JSON.parse(new TextDecoder().decode(entry.bytes)) as OwnDropOptions;
  } catch {
    throw new OwnDataError('The import options could not be read.');
  }
  return { files: files.filter((f) => f !== entry), options };
}
