import { useEffect, useMemo, useRef, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import { loadDrawings, useDrawings } from '../../runs/drawings-store';
import { ofShape, stackPixels } from '../../runs/drawings-zip';
import { imageReference, useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { DecodedPointFigure } from '../decoded-point-figure';
import { TileGrid } from '../tile-grid';
import { useImageShape } from '../use-image-shape';
import { useLiveQuery } from '../use-live-query';
import { drawLatentMap, pickPoint } from './latent-map-canvas';
import { DIGIT_COLOURS } from './palettes';
import type { Frame } from './plot-frame';
import { floatsOf, numberOf, type Interpolation } from './vae-view';

const STEPS = 10;
/** The map's axis titles: the latent plane itself when K = 2, else μ's top two principal axes. */
const LATENT_AXES: [string, string] = ['μ₁', 'μ₂'];
const PRINCIPAL_AXES: [string, string] = ['principal axis 1 of μ', 'principal axis 2 of μ'];

/**
 * The probe digits' posterior means μ(x) (K = 2: the plane itself; else its top two
 * principal axes), coloured by label. Two chosen digits (click, or type their numbers)
 * are joined by a straight line in z, decoded at 10 points — redrawn as training goes on.
 */
export function LatentSpacePanel() {
  const engine = useEngine();
  const diagnostics = useLab((s) => s.snapshot?.diagnostics);
  const step = useLab((s) => s.snapshot?.step ?? -1);
  const labels = useLab((s) => imageReference(s)?.probeLabels);
  // Own images label by sub-folder (your drawings: '0', '1', '7'): the legend names them; MNIST's are the digits.
  const labelNames = useLab((s) => imageReference(s)?.labelNames);
  const legend = labelNames?.length ? labelNames.slice(0, DIGIT_COLOURS.length) : DIGIT_COLOURS.map((_, d) => String(d));
  const coords = floatsOf(diagnostics, 'latentMap');
  const explained = numberOf(diagnostics, 'latentMapExplained');
  const k = floatsOf(diagnostics, 'klPerDimension')?.length ?? 0;
  const n = coords ? coords.length / 2 : 0;
  const [ends, setEnds] = useState<{ a: number; b: number }>({ a: 0, b: 1 });
  const [nextEnd, setNextEnd] = useState<'a' | 'b'>('a');
  const [strip, setStrip] = useState<Interpolation | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Clicks pick the interpolation's end points, or decode the clicked point itself.
  const [clickMode, setClickMode] = useState<'ends' | 'decode'>('ends');
  const [decoded, setDecoded] = useState<{ z: number[]; image: Float32Array } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame | null>(null);
  const axes = k === 2 ? LATENT_AXES : PRINCIPAL_AXES;

  // Your saved drawings of the data's image size, placed on the same plane by the current model.
  const shape = useImageShape();
  const saved = useDrawings((s) => s.drawings);
  useEffect(() => void loadDrawings(), []);
  const mine = useMemo(() => (shape ? ofShape(saved, shape) : []), [saved, shape]);
  const { value: placed } = useLiveQuery(
    step >= 0 && n > 0 && mine.length ? () => engine.query('mapPoints', { images: stackPixels(mine), n: mine.length }).then((coords) => ({ coords, of: mine })) : null,
    [step, n, mine],
    250,
  );
  // Only an answer for the drawings shown now (a newer set waits for its own).
  const marks = useMemo(() => (mine.length && placed?.of === mine ? { coords: placed.coords, labels: mine.map((d) => d.label) } : null), [placed, mine]);

  useEffect(() => {
    if (canvas.current && coords) frame.current = drawLatentMap(canvas.current, { coords, labels, a: ends.a, b: ends.b, axes, marks });
  }, [coords, labels, ends, axes, marks]);

  // One query at a time; a change that arrives meanwhile is asked for when the answer comes.
  const inFlight = useRef(false);
  const wanted = useRef<{ a: number; b: number } | null>(null);
  useEffect(() => {
    if (step < 0 || n === 0) return;
    const ask = (e: { a: number; b: number }) => {
      inFlight.current = true;
      engine
        .query('interpolate', { from: e.a, to: e.b, steps: STEPS })
        .then(
          (r) => (setStrip(r), setError(null)),
          (err: Error) => setError(err.message),
        )
        .finally(() => {
          inFlight.current = false;
          const next = wanted.current;
          wanted.current = null;
          if (next) ask(next);
        });
    };
    if (inFlight.current) wanted.current = ends;
    else ask(ends);
  }, [engine, ends, step, n]);

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const c = canvas.current;
    if (!c || !coords || !frame.current) return;
    const rect = c.getBoundingClientRect();
    const [px, py] = [((e.clientX - rect.left) * c.width) / rect.width, ((e.clientY - rect.top) * c.height) / rect.height];
    if (clickMode === 'decode') {
      const [x, y] = [frame.current.x.invert(px), frame.current.y.invert(py)];
      // K = 2: the map is z itself, decode(z); else the plane of μ's top two axes through their mean.
      const ask = k === 2 ? engine.query('decode', { z: [x, y] }).then((image) => ({ z: [x, y], image })) : engine.query('decodeMapPoint', { x, y });
      ask.then(
        (r) => (setDecoded(r), setError(null)),
        (err: Error) => setError(err.message),
      );
      return;
    }
    const i = pickPoint(frame.current, coords, px, py);
    if (i < 0) return;
    setEnds((old) => (nextEnd === 'a' ? { ...old, a: i } : { ...old, b: i }));
    setNextEnd(nextEnd === 'a' ? 'b' : 'a');
  };
  const setEnd = (which: 'a' | 'b', v: number) => {
    if (Number.isInteger(v) && v >= 0 && v < Math.max(1, n)) setEnds((old) => ({ ...old, [which]: v }));
  };
  const label = (i: number) => (labels?.[i] === undefined ? '' : ` (a ${labels[i]})`);

  return (
    <PanelFrame name="vae-latent" title="Latent space" wide>
      <p className="hint">
        {k === 2
          ? 'μ(x) of 500 test digits in the 2-D latent plane.'
          : `μ(x) of 500 test digits on the top two principal axes of μ (${explained !== null ? Math.round(explained * 100) : '—'}% of its variance; K = ${k}).`}{' '}
        Click two digits (or type their numbers) to decode the straight line between their codes.
      </p>
      <div className="tile-pair">
        <figure>
          <canvas
            ref={canvas}
            width={440}
            height={360}
            onClick={onClick}
            style={{ width: '100%', maxWidth: 440, height: 'auto', cursor: 'crosshair' }}
            role="img"
            aria-label={`Latent map of ${n} test digits coloured by their label`}
            data-testid="latent-map"
          />
          <figcaption>
            <ul aria-label="Digit colours" style={{ display: 'flex', gap: '0.5rem', listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap', justifyContent: 'center' }}>
              {legend.map((name, d) => (
                <li key={d}>
                  <span
                    aria-hidden
                    style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: DIGIT_COLOURS[d % 10], border: '1px solid #0006', marginRight: 3 }}
                  />
                  {name}
                </li>
              ))}
              {marks && (
                <li data-testid="latent-drawings" data-count={marks.labels.length}>
                  <span aria-hidden style={{ marginRight: 3 }}>
                    ☆
                  </span>
                  your drawings ({marks.labels.length})
                </li>
              )}
            </ul>
          </figcaption>
        </figure>
        <div>
          <fieldset className="controls" style={{ flexDirection: 'row', gap: '1rem', border: 0, padding: 0 }}>
            <legend className="hint">A click on the map</legend>
            {(['ends', 'decode'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="latent-click" checked={clickMode === m} onChange={() => setClickMode(m)} data-testid={`latent-click-${m}`} />{' '}
                {m === 'ends' ? 'picks digit A or B' : 'decodes that point'}
              </label>
            ))}
          </fieldset>
          {clickMode === 'decode' && <DecodedPointFigure decoded={decoded} code="z" prompt="Click the map." testId="latent-decoded" captionTestId="latent-decoded-z" />}
          <div className="controls" style={{ flexDirection: 'row', flexWrap: 'wrap', gap: '1rem' }}>
            {(['a', 'b'] as const).map((w) => (
              <label key={w} className="control">
                Digit {w.toUpperCase()}
                <input
                  type="number"
                  min={0}
                  max={Math.max(0, n - 1)}
                  step={1}
                  value={ends[w]}
                  onChange={(e) => setEnd(w, Number(e.target.value))}
                  data-testid={`interp-${w}`}
                  style={{ width: '5rem' }}
                />
              </label>
            ))}
          </div>
          <p className="hint">
            From test digit {ends.a}
            {label(ends.a)} to {ends.b}
            {label(ends.b)}: z = (1 − t)·μ_A + t·μ_B, t = 0 … 1.
          </p>
          <TileGrid
            values={strip?.images ?? null}
            count={strip?.steps ?? 0}
            columns={STEPS}
            zoom={2}
            gap={3}
            colours="grey"
            label={`Decoded interpolation from digit ${ends.a} to digit ${ends.b}`}
            testId="interpolation-canvas"
          />
          {error && (
            <p className="notice error" role="alert">
              {error}
            </p>
          )}
        </div>
      </div>
    </PanelFrame>
  );
}
