import { diverging, grey } from './colormap';

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

const SIDE = 28;
const PIXELS = SIDE * SIDE;

function maxAbs(values: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
  return m || 1;
}

/** Draws count 28×28 tiles from row-major values onto a canvas, resizing it to fit. */
export function drawTiles(canvas: HTMLCanvasElement, values: Float32Array, count: number, o: TileGridOptions): void {
  const cols = Math.max(1, Math.min(o.columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const cell = SIDE * o.zoom + o.gap;
  canvas.width = cols * cell - o.gap;
  canvas.height = rows * cell - o.gap;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(SIDE, SIDE);
  const scratch = document.createElement('canvas');
  scratch.width = SIDE;
  scratch.height = SIDE;
  const sctx = scratch.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const shared = o.colours === 'diverging' && o.scale === 'shared' ? maxAbs(values, 0, count * PIXELS) : 0;
  for (let t = 0; t < count; t++) {
    const base = t * PIXELS;
    const range = shared || maxAbs(values, base, base + PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = values[base + p];
      const [r, g, b] = o.colours === 'grey' ? grey(v) : diverging(v / range);
      image.data[p * 4] = r;
      image.data[p * 4 + 1] = g;
      image.data[p * 4 + 2] = b;
      image.data[p * 4 + 3] = 255;
    }
    sctx.putImageData(image, 0, 0);
    ctx.drawImage(scratch, (t % cols) * cell, Math.floor(t / cols) * cell, SIDE * o.zoom, SIDE * o.zoom);
  }
}
