import { digitColour } from './palettes';
import { clipToPlot, drawAxes, frameFor, type Frame } from './plot-frame';
import { extent } from './plot-scale';

export interface LatentMapDrawing {
  coords: Float32Array;
  labels: readonly number[] | undefined;
  /** Probe indices of the interpolation's end points. */
  a: number | null;
  b: number | null;
  axes: [string, string];
  /** Your drawings' places on the same plane ([n × 2]) and their digits: outlined stars over the dots. */
  marks?: { coords: Float32Array; labels: readonly number[] } | null;
}

/** A five-pointed star of outer radius r centred at (x, y), as a path. */
function starPath(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const ri = i % 2 ? r * 0.45 : r;
    ctx.lineTo(x + ri * Math.cos(a), y + ri * Math.sin(a));
  }
  ctx.closePath();
}

/** Draws the probe digits at their latent coordinates, coloured by label; returns the frame for clicks. */
export function drawLatentMap(canvas: HTMLCanvasElement, m: LatentMapDrawing): Frame | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const n = m.coords.length / 2;
  const xs = Array.from({ length: n }, (_, i) => m.coords[2 * i]);
  const ys = Array.from({ length: n }, (_, i) => m.coords[2 * i + 1]);
  const nm = m.marks ? m.marks.coords.length / 2 : 0;
  const mx = Array.from({ length: nm }, (_, i) => m.marks!.coords[2 * i]);
  const my = Array.from({ length: nm }, (_, i) => m.marks!.coords[2 * i + 1]);
  // The frame holds the drawings too, so none falls off the map.
  const f = frameFor(canvas.width, canvas.height, extent([...xs, ...mx]) ?? [-1, 1], extent([...ys, ...my]) ?? [-1, 1]);
  drawAxes(ctx, f, m.axes[0], m.axes[1]);
  ctx.save();
  clipToPlot(ctx, f);
  ctx.lineWidth = 0.6;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.45)'; // an outline keeps the yellow dots visible on white
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = digitColour(m.labels?.[i]);
    ctx.beginPath();
    ctx.arc(f.x(xs[i]), f.y(ys[i]), 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < nm; i++) {
    const [px, py] = [f.x(mx[i]), f.y(my[i])];
    starPath(ctx, px, py, 7);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.lineWidth = 1.6;
    ctx.strokeStyle = '#1d1f23';
    ctx.stroke();
    ctx.fillStyle = '#1d1f23';
    ctx.fillText(String(m.marks!.labels[i] ?? ''), px + 8, py);
  }
  for (const [idx, tag] of [
    [m.a, 'A'],
    [m.b, 'B'],
  ] as const) {
    if (idx === null || idx >= n) continue;
    const px = f.x(xs[idx]);
    const py = f.y(ys[idx]);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#1d1f23';
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = '#1d1f23';
    ctx.font = 'bold 13px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(tag, px + 8, py - 6);
  }
  ctx.restore();
  return f;
}

/** The probe index nearest a click, measured in canvas pixels. */
export function pickPoint(f: Frame, coords: Float32Array, px: number, py: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < coords.length / 2; i++) {
    const d = (f.x(coords[2 * i]) - px) ** 2 + (f.y(coords[2 * i + 1]) - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
