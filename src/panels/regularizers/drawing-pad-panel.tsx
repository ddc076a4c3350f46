import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useEngine } from '../../client/engine-context';
import { imageReference, useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { tileRgba } from '../tile-canvas';
import { TileGrid } from '../tile-grid';
import { useImageShape } from '../use-image-shape';
import { squaredError } from './code-view';
import { paintStroke, type Tool } from './pad-brush';
import { useLiveQuery } from '../use-live-query';
import { MyDrawings } from './my-drawings';

/** Screen pixels per image pixel on the pad. */
const ZOOM = 8;
/** Reconstructions of the pad at most this often (the worker answers between training chunks). */
const MIN_MS = 120;

/**
 * A pad the size of the data's images to draw on (mouse, touch or pen) or to erase into (a mask, for inpainting),
 * with the model's reconstruction beside it, live. Starts from a test digit.
 */
export function DrawingPadPanel() {
  const engine = useEngine();
  const originals = useLab((s) => imageReference(s)?.originals ?? null);
  const snapshot = useLab((s) => s.snapshot);
  const shape = useImageShape();
  const width = shape?.width ?? 0;
  const height = shape?.height ?? 0;
  const channels = shape?.channels ?? 1;
  const size = width * height * channels;
  // The drawing, as the model sees it; a new one (blank) when the data's image size changes.
  const pixels = useMemo(() => ({ current: new Float32Array(width * height * channels) }), [width, height, channels]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<[number, number] | null>(null);
  const touched = useRef(false);
  const [version, setVersion] = useState(0);
  const [tool, setTool] = useState<Tool>('draw');
  const [digit, setDigit] = useState(0);
  const nDigits = originals && size ? Math.floor(originals.length / size) : 0;

  const changed = () => setVersion((v) => v + 1);
  const load = useCallback(
    (i: number) => {
      if (!originals || !nDigits) return;
      const j = ((i % nDigits) + nDigits) % nDigits;
      pixels.current.set(originals.subarray(j * size, (j + 1) * size));
      setDigit(j);
      setVersion((v) => v + 1);
    },
    [originals, nDigits, size, pixels],
  );
  // A new image size: a new, untouched pad.
  useEffect(() => {
    touched.current = false;
  }, [pixels]);
  // Start from the first test digit, unless the student has drawn already.
  useEffect(() => {
    if (!touched.current) load(0);
  }, [load]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !shape || size === 0) return;
    const image = ctx.createImageData(width, height);
    tileRgba(image.data, pixels.current, 0, shape, 'grey', 1);
    ctx.putImageData(image, 0, 0);
  }, [version, pixels]); // eslint-disable-line react-hooks/exhaustive-deps -- pixels is new whenever the shape (width, height, size) changes

  const { value: reconstruction, error } = useLiveQuery(snapshot && size ? () => engine.reconstruct(pixels.current.slice(), 1) : null, [version, snapshot, pixels], MIN_MS);

  const at = (e: ReactPointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * width, ((e.clientY - r.top) / r.height) * height];
  };
  // A pen's eraser end (buttons bit 32) or the right mouse button erases whatever tool is chosen.
  const toolFor = (e: ReactPointerEvent): Tool => ((e.buttons & 32) !== 0 || (e.buttons & 2) !== 0 ? 'erase' : tool);
  const paint = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!shape) return;
    const p = at(e);
    paintStroke(pixels.current, shape, last.current ?? p, p, toolFor(e));
    last.current = p;
    touched.current = true;
    changed();
  };
  const reconError = reconstruction ? squaredError(reconstruction, pixels.current) : null;
  return (
    <PanelFrame name="drawing-pad" title="Draw a digit">
      <p className="hint">
        Draw with the mouse, a finger or a pen; erase (mask) pixels to see what the model fills in. Right button or the pen's eraser also erases. Save your digits below to train on
        them or add them to MNIST.
      </p>
      <div className="run-actions" role="group" aria-label="Drawing pad tools" style={{ marginBottom: '0.4rem' }}>
        <button type="button" aria-pressed={tool === 'draw'} className={tool === 'draw' ? 'primary' : undefined} style={{ minWidth: 0 }} onClick={() => setTool('draw')}>
          Brush
        </button>
        <button type="button" aria-pressed={tool === 'erase'} className={tool === 'erase' ? 'primary' : undefined} style={{ minWidth: 0 }} onClick={() => setTool('erase')}>
          Eraser (mask)
        </button>
        <button
          type="button"
          data-testid="pad-clear"
          onClick={() => {
            pixels.current.fill(0);
            touched.current = true;
            changed();
          }}
        >
          Clear
        </button>
        <button type="button" data-testid="pad-next-digit" onClick={() => load(digit + 1)} disabled={!nDigits}>
          Next test digit
        </button>
      </div>
      <div className="tile-pair">
        <figure>
          <canvas
            ref={canvas}
            width={width}
            height={height}
            data-testid="drawing-pad"
            role="img"
            aria-label={`Drawing pad, ${width} by ${height} pixels: draw with a pointer; the buttons above clear it or load a test digit`}
            style={{ width: width * ZOOM, height: height * ZOOM, imageRendering: 'pixelated', touchAction: 'none', cursor: 'crosshair', border: '1px solid var(--line)' }}
            onContextMenu={(e) => e.preventDefault()}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              last.current = null;
              paint(e);
            }}
            onPointerMove={(e) => e.buttons !== 0 && last.current && paint(e)}
            onPointerUp={() => (last.current = null)}
            onPointerCancel={() => (last.current = null)}
          />
          <figcaption>Your input</figcaption>
        </figure>
        <figure>
          <TileGrid
            values={reconstruction}
            count={reconstruction ? 1 : 0}
            columns={1}
            zoom={ZOOM}
            gap={0}
            colours="grey"
            label="The model's reconstruction of the drawing"
            testId="pad-recon"
          />
          <figcaption>Reconstruction</figcaption>
        </figure>
      </div>
      <p className="metric">
        squared error between them <strong data-testid="pad-error">{reconError?.toFixed(1) ?? '—'}</strong>{' '}
        <span className="hint">(an autoencoder that copies its input scores near 0 on anything, digit or not)</span>
      </p>
      {error && <p className="hint">{error}</p>}
      <MyDrawings shape={shape} pixels={() => pixels.current} />
    </PanelFrame>
  );
}
