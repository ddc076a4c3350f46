import { useEffect, useRef, useState } from 'react';
import { useEngine } from '../client/engine-context';
import type { DecodedPoint } from '../engine/image-queries';
import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { DecodedPointFigure } from './decoded-point-figure';
import { useLiveQuery } from './use-live-query';
import { drawLatentMap } from './vae/latent-map-canvas';
import { DIGIT_COLOURS } from './vae/palettes';
import type { Frame } from './vae/plot-frame';

/** Where a click lands in a canvas, in its own pixels. */
export function canvasPoint(c: HTMLCanvasElement, e: { clientX: number; clientY: number }): [number, number] {
  const rect = c.getBoundingClientRect();
  return [((e.clientX - rect.left) * c.width) / rect.width, ((e.clientY - rect.top) * c.height) / rect.height];
}

/**
 * Hinton & Salakhutdinov (2006), Fig. 3: the probe digits' 2-D code (a deep AE with K = 2;
 * otherwise the code's top two principal axes) beside PCA's 2-D projection of the same
 * pixels, coloured by label, with a leave-one-out 5-NN score for each. A click on the code
 * map decodes the code under the pointer.
 */
export function CodeMapPanel() {
  const engine = useEngine();
  const step = useLab((s) => s.snapshot?.step ?? -1);
  const { value: m, error } = useLiveQuery(step < 0 ? null : () => engine.query('codeMap', {}), [step], 1500);
  const codeCanvas = useRef<HTMLCanvasElement>(null);
  const pcaCanvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame | null>(null);
  const [decoded, setDecoded] = useState<(DecodedPoint & { x: number; y: number }) | null>(null);
  const [clickError, setClickError] = useState<string | null>(null);
  const axes: [string, string] = m?.codeMethod === 'code' ? ['h₁', 'h₂'] : ['principal axis 1 of h', 'principal axis 2 of h'];

  useEffect(() => {
    if (!m) return;
    if (codeCanvas.current) frame.current = drawLatentMap(codeCanvas.current, { coords: m.code, labels: m.labels, a: null, b: null, axes });
    if (pcaCanvas.current) drawLatentMap(pcaCanvas.current, { coords: m.pixels, labels: m.labels, a: null, b: null, axes: ['PC 1 of pixels', 'PC 2 of pixels'] });
  }, [m, axes[0]]); // eslint-disable-line react-hooks/exhaustive-deps -- axes follows m

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const c = codeCanvas.current;
    const f = frame.current;
    if (!c || !f) return;
    const [px, py] = canvasPoint(c, e);
    const x = f.x.invert(px);
    const y = f.y.invert(py);
    engine.query('decodeMapPoint', { x, y }).then(
      (r) => (setDecoded({ ...r, x, y }), setClickError(null)),
      (err: Error) => setClickError(err.message),
    );
  };
  const pct = (v: number) => `${Math.round(100 * v)}%`;
  return (
    <PanelFrame name="code-map" title="2-D code against PCA (Hinton & Salakhutdinov)" wide>
      <p className="hint">
        500 test digits, coloured by label.{' '}
        {m?.codeMethod === 'pca' ? `K = ${m.k}: the code is shown on its top two principal axes (${pct(m.codeExplained)} of its variance); set K = 2 for the paper's picture.` : ''}{' '}
        How well the picture keeps the classes apart: each digit's label guessed by its 5 nearest neighbours in the picture. Click the code map to decode that point.
      </p>
      <div className="tile-pair">
        <figure>
          <canvas
            ref={codeCanvas}
            width={400}
            height={340}
            onClick={onClick}
            style={{ width: '100%', maxWidth: 400, height: 'auto', cursor: 'crosshair' }}
            role="img"
            aria-label="Map of the digits' codes"
            data-testid="code-map"
          />
          <figcaption data-testid="code-map-knn" data-knn={m?.knnCode}>
            the autoencoder's code: 5-NN {m ? pct(m.knnCode) : '—'}
          </figcaption>
        </figure>
        <figure>
          <canvas
            ref={pcaCanvas}
            width={400}
            height={340}
            style={{ width: '100%', maxWidth: 400, height: 'auto' }}
            role="img"
            aria-label="PCA's 2-D projection of the same digits"
            data-testid="pca-map"
          />
          <figcaption data-testid="pca-map-knn" data-knn={m?.knnPixels}>
            PCA of the pixels ({m ? pct(m.pixelsExplained) : '—'} of their variance): 5-NN {m ? pct(m.knnPixels) : '—'}
          </figcaption>
        </figure>
        <DecodedPointFigure decoded={decoded} code="h" prompt="Click the code map." testId="code-map-decoded" captionTestId="code-map-z" />
      </div>
      <ul aria-label="Digit colours" style={{ display: 'flex', gap: '0.5rem', listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' }}>
        {DIGIT_COLOURS.map((c, d) => (
          <li key={c}>
            <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: c, border: '1px solid #0006', marginRight: 3 }} />
            {d}
          </li>
        ))}
      </ul>
      {(error ?? clickError) && (
        <p className="notice error" role="alert">
          {error ?? clickError}
        </p>
      )}
    </PanelFrame>
  );
}
