import type { ImageShape } from '../image-shape';

export type Tool = 'draw' | 'erase';

/** Pixels within this distance of the stroke are touched (in image pixels). */
const DRAW_RADIUS = 2;
const ERASE_RADIUS = 1.6;

/**
 * Paints the segment from → to (image coordinates, 0…width and 0…height) in place into an
 * image of the given shape (row by row, a pixel's channels together; ink goes into all of them).
 * draw: ink v = max(v, 1.4 − 0.7 d), d the distance to the stroke (soft edges like MNIST's
 * anti-aliased pen, about 3 pixels wide). erase: v = 0 within ERASE_RADIUS (a mask).
 */
export function paintStroke(pixels: Float32Array, shape: ImageShape, from: readonly [number, number], to: readonly [number, number], tool: Tool): void {
  const { width, height, channels } = shape;
  const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
  const samples = Math.max(1, Math.ceil(length / 0.25));
  const radius = tool === 'draw' ? DRAW_RADIUS : ERASE_RADIUS;
  for (let s = 0; s <= samples; s++) {
    const t = s / samples;
    const cx = from[0] + t * (to[0] - from[0]);
    const cy = from[1] + t * (to[1] - from[1]);
    for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(height - 1, Math.floor(cy + radius)); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(width - 1, Math.floor(cx + radius)); x++) {
        // distance from the pixel's centre to the brush
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        if (d > radius) continue;
        const ink = Math.min(1, 1.4 - 0.7 * d);
        for (let c = 0, p = (y * width + x) * channels; c < channels; c++, p++) pixels[p] = tool === 'erase' ? 0 : Math.max(pixels[p], ink);
      }
    }
  }
}
