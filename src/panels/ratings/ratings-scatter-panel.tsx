import { useEffect, useMemo, useRef } from 'react';
import { useEngine } from '../../client/engine-context';
import type { RatingScale } from '../../data/movielens/ratings-split';
import type { RatingsScatter } from '../../engine/ratings-types';
import { PanelFrame } from '../panel-frame';
import { fmt } from '../recsys/recsys-view';
import { useLiveQuery } from '../use-live-query';
import { jitter, readPalette, starLevels, starMeans, stars, useRatingsReference, useRatingsStep, type Palette, type StarMean } from './ratings-view';

const SAMPLE = 2000;
const MIN_MS = 1000;
/** The canvas's size in CSS pixels (it scales down to the panel's width). */
const WIDTH = 440;
const HEIGHT = 320;
const PAD = { left: 40, right: 12, top: 10, bottom: 34 };
/** Share of a star's band the jittered points spread over. */
const SPREAD = 0.7;

/** Predicted against actual stars on a sample of the test ratings, with the diagonal and each star's mean prediction. */
export function RatingsScatterPanel() {
  const engine = useEngine();
  const reference = useRatingsReference();
  const step = useRatingsStep();
  const { value, error } = useLiveQuery(reference && step !== null ? () => engine.query('ratingsScatter', { n: SAMPLE }) : null, [step, reference], MIN_MS);
  return (
    <PanelFrame name="ratings-scatter" title="Predicted against actual (test)">
      <p className="hint">
        Each dot is a test rating: its actual stars across (spread within the star so the dots do not pile up), the model’s prediction up. A perfect model puts every dot on the
        dashed diagonal; the orange bars are the mean prediction for each star. Bars flatter than the diagonal: the model hedges towards the average.
      </p>
      {reference && <ScatterView scatter={value} scale={reference.scale} />}
      {error && <p className="hint">{error}</p>}
    </PanelFrame>
  );
}

/** The scatter, its RMSE and the per-star means (a pure view of one query answer). */
export function ScatterView({ scatter, scale }: { scatter: RatingsScatter | null; scale: RatingScale }) {
  const means = useMemo(() => (scatter ? starMeans(scatter.actual, scatter.predicted, scale) : null), [scatter, scale]);
  const n = scatter?.actual.length ?? 0;
  return (
    <>
      <ScatterCanvas scatter={scatter} scale={scale} means={means} />
      <p className="metric">
        test RMSE <strong data-testid="ratings-scatter-rmse">{fmt(scatter?.rmse)}</strong>
        {scatter && ` over ${n.toLocaleString('en')} ${n === 1 ? 'rating' : 'ratings'} shown`}
      </p>
      {means && (
        <table className="metric" data-testid="ratings-star-means" style={{ borderCollapse: 'collapse', fontSize: '0.85rem', fontVariantNumeric: 'tabular-nums' }}>
          <tbody>
            <tr>
              <th scope="row" style={{ textAlign: 'left', paddingRight: '0.6rem' }}>
                actual ★
              </th>
              {means.map((m) => (
                <td key={m.star} style={{ padding: '0 0.4rem', textAlign: 'center' }}>
                  {stars(m.star)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row" style={{ textAlign: 'left', paddingRight: '0.6rem' }}>
                mean predicted
              </th>
              {means.map((m) => (
                <td key={m.star} style={{ padding: '0 0.4rem', textAlign: 'center' }} data-star={m.star}>
                  {m.n ? m.mean.toFixed(2) : '—'}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row" style={{ textAlign: 'left', paddingRight: '0.6rem', fontWeight: 400 }} className="hint">
                ratings
              </th>
              {means.map((m) => (
                <td key={m.star} style={{ padding: '0 0.4rem', textAlign: 'center' }} className="hint">
                  {m.n}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </>
  );
}

/** Draws the scatter on a WIDTH × HEIGHT canvas: grid, jittered points, the diagonal and each star's mean prediction. */
export function drawScatter(ctx: CanvasRenderingContext2D, p: Palette, scatter: RatingsScatter | null, scale: RatingScale, means: StarMean[] | null): void {
  const lo = scale.min - scale.step / 2;
  const hi = scale.max + scale.step / 2;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * plotW;
  const y = (v: number) => PAD.top + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotH;
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  // Grid and axes: a tick at each whole star.
  ctx.strokeStyle = p.grid;
  ctx.fillStyle = p.dim;
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (const s of starLevels(scale).filter(Number.isInteger)) {
    ctx.beginPath();
    ctx.moveTo(x(s) + 0.5, PAD.top);
    ctx.lineTo(x(s) + 0.5, PAD.top + plotH);
    ctx.moveTo(PAD.left, y(s) + 0.5);
    ctx.lineTo(PAD.left + plotW, y(s) + 0.5);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(String(s), x(s), PAD.top + plotH + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(s), PAD.left - 6, y(s));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('actual ★', PAD.left + plotW / 2, HEIGHT - 2);
  ctx.save();
  ctx.translate(11, PAD.top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText('predicted ★', 0, 0);
  ctx.restore();
  ctx.strokeStyle = p.dim;
  ctx.strokeRect(PAD.left + 0.5, PAD.top + 0.5, plotW, plotH);
  if (scatter) {
    // Many points: light and small, so density shows.
    ctx.fillStyle = p.c1;
    ctx.globalAlpha = Math.min(0.6, Math.max(0.12, 15 / Math.sqrt(scatter.actual.length + 1)));
    for (let k = 0; k < scatter.actual.length; k++) {
      const px = x(scatter.actual[k] + jitter(k) * scale.step * SPREAD);
      const py = y(scatter.predicted[k]);
      ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
  }
  // The diagonal: predicted = actual.
  ctx.strokeStyle = p.fg;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(x(lo), y(lo));
  ctx.lineTo(x(hi), y(hi));
  ctx.stroke();
  ctx.setLineDash([]);
  // Each star's mean prediction: a bar across its band.
  ctx.strokeStyle = p.c2;
  ctx.lineWidth = 3;
  const half = (scale.step * SPREAD) / 2;
  for (const m of means ?? []) {
    if (!m.n) continue;
    ctx.beginPath();
    ctx.moveTo(x(m.star - half), y(m.mean));
    ctx.lineTo(x(m.star + half), y(m.mean));
    ctx.stroke();
  }
  ctx.lineWidth = 1;
}

function ScatterCanvas({ scatter, scale, means }: { scatter: RatingsScatter | null; scale: RatingScale; means: StarMean[] | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (canvas && ctx) drawScatter(ctx, readPalette(canvas), scatter, scale, means);
  }, [scatter, scale, means]);
  const label = scatter
    ? `Predicted against actual stars for ${scatter.actual.length} test ratings; RMSE ${fmt(scatter.rmse)}; mean predicted per star: ${(means ?? [])
        .filter((m) => m.n)
        .map((m) => `${stars(m.star)}★ ${m.mean.toFixed(2)}`)
        .join(', ')}`
    : 'Predicted against actual stars (waiting for the model)';
  return (
    <canvas ref={ref} width={WIDTH} height={HEIGHT} role="img" aria-label={label} data-testid="ratings-scatter-canvas" style={{ width: '100%', maxWidth: WIDTH, height: 'auto' }} />
  );
}
