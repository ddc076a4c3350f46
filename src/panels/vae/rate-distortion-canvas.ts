import { viridis } from './palettes';
import { clipToPlot, drawAxes, frameFor, MARGIN, type Frame } from './plot-frame';
import { extent, niceTicks } from './plot-scale';
import { formatBeta, type RdEnd } from './rate-distortion-runs';

export interface RdPoint {
  step: number;
  rate: number;
  distortion: number;
  beta: number;
}

/**
 * The rate–distortion plane (Alemi et al. 2018): x = rate R = KL, y = distortion D =
 * reconstruction. Dashed diagonals are iso-ELBO lines D + R = c; the trajectory's dots are
 * coloured by the β in force (viridis), the latest one ringed; the test point is a square.
 * Other runs (pinned or ticked, already filtered to comparable ones) are faint grey paths;
 * their end points are diamonds labelled with β and joined in β order: the traced curve.
 */
export function drawRateDistortion(canvas: HTMLCanvasElement, train: RdPoint[], test: { rate: number; distortion: number } | null, others: readonly RdEnd[] = []): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const all = [...train, ...(test ? [test] : []), ...others.flatMap((o) => [...o.path, o])];
  const xr = extent(all.map((p) => p.rate)) ?? [0, 1];
  const yr = extent(all.map((p) => p.distortion)) ?? [0, 1];
  const f = frameFor(canvas.width, canvas.height, [Math.min(0, xr[0]), xr[1]], yr);
  drawAxes(ctx, f, 'rate R = KL(q(z|x) ‖ p(z))  [nats]', 'distortion D  [nats]');
  const betaMax = Math.max(1e-9, ...train.map((p) => p.beta));
  ctx.save();
  clipToPlot(ctx, f);
  // Iso-ELBO lines: D + R = c, at round values of c across the plot.
  const cLo = f.x.invert(MARGIN.left) + f.y.invert(f.height - MARGIN.bottom);
  const cHi = f.x.invert(f.width - MARGIN.right) + f.y.invert(MARGIN.top);
  ctx.strokeStyle = '#c9ccd1';
  ctx.setLineDash([4, 4]);
  for (const c of niceTicks(cLo, cHi, 5)) {
    const r0 = f.x.invert(MARGIN.left);
    const r1 = f.x.invert(f.width - MARGIN.right);
    ctx.beginPath();
    ctx.moveTo(f.x(r0), f.y(c - r0));
    ctx.lineTo(f.x(r1), f.y(c - r1));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawOthers(ctx, f, others);
  // The path in time, thin, under the dots.
  ctx.strokeStyle = 'rgba(29, 31, 35, 0.35)';
  ctx.beginPath();
  train.forEach((p, i) => (i ? ctx.lineTo(f.x(p.rate), f.y(p.distortion)) : ctx.moveTo(f.x(p.rate), f.y(p.distortion))));
  ctx.stroke();
  for (const p of train) {
    ctx.fillStyle = viridis(p.beta / betaMax);
    ctx.beginPath();
    ctx.arc(f.x(p.rate), f.y(p.distortion), 3, 0, 2 * Math.PI);
    ctx.fill();
  }
  const last = train.at(-1);
  if (last) {
    ctx.strokeStyle = '#1d1f23';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(f.x(last.rate), f.y(last.distortion), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (test) {
    ctx.fillStyle = '#d55e00';
    ctx.fillRect(f.x(test.rate) - 4, f.y(test.distortion) - 4, 8, 8);
  }
  ctx.restore();
  drawBetaBar(ctx, f.width - MARGIN.right - 118, MARGIN.top + 6, betaMax);
}

/** Other runs: faint paths, then the end points joined in β order, each a labelled diamond. */
function drawOthers(ctx: CanvasRenderingContext2D, f: Frame, others: readonly RdEnd[]): void {
  if (others.length === 0) return;
  ctx.strokeStyle = 'rgba(91, 96, 104, 0.28)';
  ctx.lineWidth = 1;
  for (const o of others) {
    ctx.beginPath();
    o.path.forEach((p, i) => (i ? ctx.lineTo(f.x(p.rate), f.y(p.distortion)) : ctx.moveTo(f.x(p.rate), f.y(p.distortion))));
    ctx.stroke();
  }
  const ends = [...others].sort((a, b) => a.beta - b.beta);
  ctx.strokeStyle = '#0072b2';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ends.forEach((e, i) => (i ? ctx.lineTo(f.x(e.rate), f.y(e.distortion)) : ctx.moveTo(f.x(e.rate), f.y(e.distortion))));
  ctx.stroke();
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  for (const e of ends) {
    const [x, y] = [f.x(e.rate), f.y(e.distortion)];
    ctx.fillStyle = '#0072b2';
    ctx.beginPath();
    ctx.moveTo(x, y - 5);
    ctx.lineTo(x + 5, y);
    ctx.lineTo(x, y + 5);
    ctx.lineTo(x - 5, y);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = '#1d1f23';
    ctx.fillText(`β ${formatBeta(e.beta)}`, x + 6, y - 3);
  }
  ctx.lineWidth = 1;
}

/** A small viridis bar from β = 0 to the largest β seen. */
function drawBetaBar(ctx: CanvasRenderingContext2D, x: number, y: number, betaMax: number): void {
  const w = 80;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(x - 4, y - 2, w + 40, 28);
  for (let i = 0; i < w; i++) {
    ctx.fillStyle = viridis(i / (w - 1));
    ctx.fillRect(x + i, y, 1, 10);
  }
  ctx.fillStyle = '#1d1f23';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText('β 0', x, y + 12);
  ctx.textAlign = 'right';
  ctx.fillText(String(Number(betaMax.toPrecision(3))), x + w, y + 12);
}
