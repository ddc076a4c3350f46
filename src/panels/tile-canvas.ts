import { diverging, grey } from './colormap';
import { pixelsOf, type ImageShape } from './image-shape';

export interface TileGridOptions {
  /** Tiles per row. */
  columns: number;
  /** Screen pixels per image pixel. */
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
    let rgb: [number, number, number];
    if (c === 1) rgb = colours === 'grey' ? grey(values[at]) : diverging(values[at] / range);
    else if (colours === 'grey') rgb = [0, 1, 2].map((k) => 255 * Math.max(0, Math.min(1, values[at + Math.min(k, c - 1)]))) as [number, number, number];
    else {
      let mean = 0;
      for (let k = 0; k < c; k++) mean += values[at + k];
      rgb = diverging(mean / c / range);
    }
    out[p * 4] = rgb[0];
    out[p * 4 + 1] = rgb[1];
    out[p * 4 + 2] = rgb[2];
    out[p * 4 + 3] = 255;
  }
}

/**
 * Draws count tiles of the given image shape from row-major values onto a canvas, resizing
 * it to fit. Draws at most as many tiles as the values hold (a snapshot of another size draws none).
 */
export function drawTiles(canvas: HTMLCanvasElement, values: Float32Array, count: number, shape: ImageShape, o: TileGridOptions): void {
  const pixels = pixelsOf(shape);
  const n = Math.min(count, Math.floor(values.length / pixels));
  const cols = Math.max(1, Math.min(o.columns, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  const cellW = shape.width * o.zoom + o.gap;
  const cellH = shape.height * o.zoom + o.gap;
  canvas.width = cols * cellW - o.gap;
  canvas.height = rows * cellH - o.gap;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(shape.width, shape.height);
  const scratch = document.createElement('canvas');
  scratch.width = shape.width;
  scratch.height = shape.height;
  const sctx = scratch.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const shared = o.colours === 'diverging' && o.scale === 'shared' ? maxAbs(values, 0, n * pixels) : 0;
  for (let t = 0; t < n; t++) {
    const base = t * pixels;
    tileRgba(image.data, values, base, shape, o.colours, shared || maxAbs(values, base, base + pixels));
    sctx.putImageData(image, 0, 0);
    ctx.drawImage(scratch, (t % cols) * cellW, Math.floor(t / cols) * cellH, shape.width * o.zoom, shape.height * o.zoom);
  }
}
