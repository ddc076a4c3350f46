// Your own data in the worker: a drop of images (files, a folder, zips) or of a table is
// checked when dropped, kept, and turned into a dataset when the 'own-images' or
// 'own-table' dataset loads (images are decoded then, with progress and Cancel).
import type { DroppedFile } from '../data/dropped-idx';
import {
  checkImageOptions,
  looksLikeImages,
  maxImagesFor,
  OwnDataError,
  planImages,
  type OwnDropOptions,
  splitImagePool,
  type ImageOptions,
  type ImagePlan,
  type ImagePool,
  type OwnDataset,
} from '../data/own-images';
import { checkTableOptions, isTableName, tableDataset, type TableOptions } from '../data/own-table';
import { appendDrawings, checkMnistDrawingsOptions, digitLabels } from '../data/mnist-drawings';
import { loadMnist } from '../data/mnist-source';
export { takeOwnOptions } from '../data/own-images';
import { decodeImages } from './own-images-decode';
import type { TaskLoadContext } from './task';

/** What the worker keeps of the user's own data. */
export interface OwnData {
  images?: OwnImages;
  table?: { file: DroppedFile; options: TableOptions };
}

/** Dropped images, their pool once decoded, and the images before them (kept until these load). */
interface OwnImages {
  plan: ImagePlan;
  options: ImageOptions;
  pool?: ImagePool;
  previous?: OwnImages;
}

/** What a drop of own data answers: its description, the dataset to switch to and any settings that go with it. */
export interface OwnAccepted {
  description: string;
  dataset: 'own-images' | 'own-table' | 'mnist-drawings';
  patch?: { latent?: number };
}

/** Whether the files are a table (one CSV/TSV) or images; null: neither (the IDX and MovieLens paths take them). */
export function ownKindOf(files: DroppedFile[]): 'table' | 'images' | null {
  if (files.length === 1 && isTableName(files[0].name)) return 'table';
  return looksLikeImages(files) ? 'images' : null;
}

/** Checks a drop of own data now, so a bad one is refused before anything changes; the caller keeps `own`. */
export function acceptOwn(files: DroppedFile[], options: OwnDropOptions | undefined, seed: number): { accepted: OwnAccepted; own: OwnData } | null {
  const kind = ownKindOf(files);
  if (kind === 'table') {
    const o = checkTableOptions(options?.table);
    const d = tableDataset(files[0].bytes, files[0].name, o, seed);
    return { accepted: { description: d.description, dataset: 'own-table', patch: { latent: Math.min(2, d.dim - 1) } }, own: { table: { file: files[0], options: o } } };
  }
  if (kind === 'images') {
    const o = checkImageOptions(options?.image);
    if (options?.withMnist) checkMnistDrawingsOptions(o);
    const plan = planImages(files);
    const skipped = plan.notImages.length + plan.tooLarge.length;
    const note = skipped ? ` (${skipped} other file${skipped === 1 ? '' : 's'} skipped)` : '';
    const dataset = options?.withMnist ? 'mnist-drawings' : 'own-images';
    return { accepted: { description: `${plan.entries.length.toLocaleString('en')} images${note}`, dataset }, own: { images: { plan, options: o } } };
  }
  return null;
}

/** The own data kept with the dropped image files (see DroppedFiles). */
export type ImageDrops = DroppedFile[] & { own?: OwnData };

/** The dataset of an own source, built from what was dropped; images are decoded once and kept. */
export async function loadOwnDataset(ctx: TaskLoadContext): Promise<OwnDataset> {
  const own = (ctx.dropped as ImageDrops | null)?.own;
  const seed = ctx.settings.seed;
  if (ctx.settings.dataset === 'own-table') {
    if (!own?.table) throw new OwnDataError('No table yet: drop a CSV or TSV file on the page first.');
    return tableDataset(own.table.file.bytes, own.table.file.name, own.table.options, seed);
  }
  if (!own?.images) throw new OwnDataError('No images yet: drop a folder, images or a zip of images on the page first.');
  const im = own.images;
  // MNIST + your drawings (data/mnist-drawings.ts): the same images, added to the bundled MNIST subset.
  const withMnist = ctx.settings.dataset === 'mnist-drawings';
  if (withMnist) checkMnistDrawingsOptions(im.options);
  try {
    const pool = await decoded(im, ctx);
    const dataset = withMnist ? appendDrawings(await mnistSubset(ctx), pool, digitLabels(pool)) : splitImagePool(pool, seed);
    im.previous = undefined;
    return dataset;
  } catch (e) {
    // These images do not make a dataset (or loading was cancelled): the ones before them stay.
    im.pool = undefined;
    if (im.previous) own.images = im.previous;
    throw e;
  }
}

/** The bundled MNIST subset (first 10,000 training digits, seeded 8,000 / 2,000 split) the drawings join. */
function mnistSubset(ctx: TaskLoadContext) {
  const report = (f: number) => ctx.progress('Loading MNIST (10,000 digits)…', f, true);
  return loadMnist(ctx.datasetsUrl, '10k', ctx.settings.seed, report, (url, onProgress) => ctx.fetchBytes(url, onProgress, ctx.signal));
}

/** Decodes the images once (a new seed splits the same pool again). */
async function decoded(im: OwnImages, ctx: TaskLoadContext): Promise<ImagePool> {
  if (!im.pool) {
    const channels = im.options.colour ? 3 : 1;
    const limit = maxImagesFor(im.options.side, channels);
    const entries = im.plan.entries.slice(0, limit);
    const plan = { ...im.plan, overCount: im.plan.overCount + im.plan.entries.length - entries.length };
    const label = `Decoding ${entries.length.toLocaleString('en')} images to ${im.options.side}×${im.options.side}…`;
    ctx.progress(label, 0, true);
    const decoded = await decodeImages(entries, im.options.side, channels, ctx.signal, (f) => ctx.progress(label, f, true));
    const labelled = plan.entries.length && im.plan.labelNames.length;
    im.pool = {
      n: decoded.n,
      side: im.options.side,
      channels,
      values: decoded.values,
      labels: labelled ? decoded.labels : null,
      labelNames: labelled ? im.plan.labelNames : [],
      failed: decoded.failed,
      plan,
    };
  }
  return im.pool;
}
