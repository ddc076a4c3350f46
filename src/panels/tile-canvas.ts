import { diverging, MID, NEG, POS } from './colormap';
import { pixelsOf, type ImageShape } from './image-shape';

export interface TileGridOptions {
  /** Tiles per row. */
  columns: number;
  /** Screen pixels per image pixel (a whole number). */
  zoom: number;
  gap: number;
  /** 'diverging': signed weights; 'grey': images in [0, 1]. */
  colours: 'diverging' | 'grey';
  /** Diverging only: one range for all tiles, or each tile its own. */
  scale?: 'shared' | 'per-tile';
}

function maxAbs(values: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
  return m || 1;
}

/**
 * The RGBA bytes of one tile: the image of `shape` starting at values[base]. One channel:
 * grey ink or the diverging map. Several: 'grey' shows the first three as RGB in [0, 1],
 * 'diverging' maps the channels' mean (a weight row's overall sign and size).
 */
export function tileRgba(out: Uint8ClampedArray, values: Float32Array, base: number, shape: ImageShape, colours: TileGridOptions['colours'], range: number): void {
  const c = shape.channels;
  const n = shape.width * shape.height;
  for (let p = 0; p < n; p++) {
    const at = base + p * c;
    const o = p * 4;
    if (c === 1) {
      // The colour maps' formulas inline (colormap.ts): no array per pixel.
      const v = values[at];
      if (colours === 'grey') {
        const g = 255 - 235 * Math.max(0, Math.min(1, v));
        out[o] = out[o + 1] = out[o + 2] = g;
      } else {
        const u = Math.max(-1, Math.min(1, v / range));
        const end = u < 0 ? NEG : POS;
        const a = Math.abs(u);
        out[o] = MID[0] + (end[0] - MID[0]) * a;
        out[o + 1] = MID[1] + (end[1] - MID[1]) * a;
        out[o + 2] = MID[2] + (end[2] - MID[2]) * a;
      }
      out[o + 3] = 255;
      continue;
    }
    let rgb: [number, number, number];
    if (colours === 'grey') rgb = [0, 1, 2].map((k) => 255 * Math.max(0, Math.min(1, values[at + Math.min(k, c - 1)]))) as [number, number, number];
    else {
      let mean = 0;
      for (let k = 0; k < c; k++) mean += values[at + k];
      rgb = diverging(mean / c / range);
    }
    out[o] = rgb[0];
    out[o + 1] = rgb[1];
    out[o + 2] = rgb[2];
    out[o + 3] = 255;
  }
}

/** The canvas size of a grid of n tiles (at least one cell), so a panel can hold the space before its values arrive. */
export function gridSize(
  n: number,
  shape: ImageShape,
  o: Pick<TileGridOptions, 'columns' | 'zoom' | 'gap'>,
): { cols: number; rows: number; cellW: number; cellH: number; width: number; height: number } {
  const cols = Math.max(1, Math.min(o.columns, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  const cellW = shape.width * o.zoom + o.gap;
  const cellH = shape.height * o.zoom + o.gap;
  return { cols, rows, cellW, cellH, width: cols * cellW - o.gap, height: rows * cellH - o.gap };
}

/** The grid's pixels, kept per canvas while its size holds: gaps stay transparent, tiles are overwritten. */
const frames = new WeakMap<HTMLCanvasElement, ImageData>();

/**
 * Draws count tiles of the given image shape from row-major values onto a canvas, resizing
 * it to fit. Draws at most as many tiles as the values hold (a snapshot of another size draws none).
 * The whole grid is one ImageData written at screen size (each image pixel a zoom × zoom
 * block, as drawImage without smoothing drew it) and put once: one call however many tiles.
 */
export function drawTiles(canvas: HTMLCanvasElement, values: Float32Array, count: number, shape: ImageShape, o: TileGridOptions): void {
  const pixels = pixelsOf(shape);
  const n = Math.min(count, Math.floor(values.length / pixels));
  const { cols, rows, cellW, cellH, width, height } = gridSize(n, shape, o);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx || width <= 0 || height <= 0) return;
  let frame = frames.get(canvas);
  if (!frame || frame.width !== width || frame.height !== height) frames.set(canvas, (frame = ctx.createImageData(width, height)));
  // One 32-bit word per RGBA pixel: a pixel is copied in one write.
  const out = new Uint32Array(frame.data.buffer);
  const tile = new Uint8ClampedArray(pixels * 4);
  const tile32 = new Uint32Array(tile.buffer);
  const shared = o.colours === 'diverging' && o.scale === 'shared' ? maxAbs(values, 0, n * pixels) : 0;
  for (let t = 0; t < cols * rows; t++) {
    const x0 = (t % cols) * cellW;
    const y0 = Math.floor(t / cols) * cellH;
    const base = t * pixels;
    // A cell past the last tile (the grid's ragged end) is cleared.
    if (t < n) tileRgba(tile, values, base, shape, o.colours, shared || maxAbs(values, base, base + pixels));
    else tile.fill(0);
    for (let y = 0; y < shape.height * o.zoom; y++) {
      const from = Math.floor(y / o.zoom) * shape.width;
      let at = (y0 + y) * width + x0;
      for (let x = 0; x < shape.width; x++) for (let z = 0; z < o.zoom; z++) out[at++] = tile32[from + x];
    }
  }
  ctx.putImageData(frame, 0, 0);
}
