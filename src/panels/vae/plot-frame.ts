import { formatTick, linearScale, type Scale } from './plot-scale';

/** Margins of the canvas plots, in canvas pixels. */
export const MARGIN = { left: 52, right: 14, top: 12, bottom: 40 };

export interface Frame {
  x: Scale;
  y: Scale;
  width: number;
  height: number;
}

/** Scales for [x0, x1] × [y0, y1] on a canvas of the given size (y grows upward). */
export function frameFor(width: number, height: number, xr: [number, number], yr: [number, number]): Frame {
  return {
    x: linearScale(xr[0], xr[1], MARGIN.left, width - MARGIN.right),
    y: linearScale(yr[0], yr[1], height - MARGIN.bottom, MARGIN.top),
    width,
    height,
  };
}

/** Clears the canvas, draws grid lines, ticks and axis titles. */
export function drawAxes(ctx: CanvasRenderingContext2D, f: Frame, xTitle: string, yTitle: string): void {
  const { x, y, width, height } = f;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#e8eaed';
  ctx.fillStyle = '#5b6068';
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks) {
    const px = x(t);
    if (px < left - 0.5 || px > right + 0.5) continue;
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.fillText(formatTick(t), px, bottom + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks) {
    const py = y(t);
    if (py < top - 0.5 || py > bottom + 0.5) continue;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillText(formatTick(t), left - 4, py);
  }
  ctx.strokeStyle = '#5b6068';
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xTitle, (left + right) / 2, height - 2);
  ctx.save();
  ctx.translate(12, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yTitle, 0, 0);
  ctx.restore();
}

/** Keeps drawing inside the plot area. */
export function clipToPlot(ctx: CanvasRenderingContext2D, f: Frame): void {
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, f.width - MARGIN.left - MARGIN.right, f.height - MARGIN.top - MARGIN.bottom);
  ctx.clip();
}
