import { useEffect, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import { OWN_OPTIONS_ENTRY } from '../../data/own-images';
import { deleteAllDrawings, loadDrawings, saveDrawing, useDrawings } from '../../runs/drawings-store';
import {
  commonShape,
  countsByLabel,
  DRAWING_LABELS,
  DRAWINGS_ZIP_NAME,
  drawingsZip,
  dropOptionsFor,
  MIN_TO_TRAIN,
  MNIST_SHAPE,
  ofShape,
  shapeKey,
  type DrawingShape,
} from '../../runs/drawings-zip';
import { download } from '../export-png';

const CELL = { padding: '0 0.45rem', textAlign: 'center' } as const;

/**
 * Your own digits: save the pad's drawing with its label (IndexedDB), see how many of each
 * digit you have, export them as a zip of PNGs in digit folders, or train on them — alone
 * ('own-images', the same path a dropped zip takes) or added to MNIST ('mnist-drawings').
 */
export function MyDrawings({ shape, pixels }: { shape: DrawingShape | null; pixels: () => Float32Array }) {
  const engine = useEngine();
  const { drawings, where, problem } = useDrawings();
  const [label, setLabel] = useState(0);
  const [status, setStatus] = useState('');
  useEffect(() => {
    void loadDrawings();
  }, []);

  const counts = countsByLabel(drawings);
  const common = commonShape(drawings);
  const alone = common ? ofShape(drawings, common) : [];
  const forMnist = ofShape(drawings, MNIST_SHAPE);

  const save = async () => {
    if (!shape) return;
    const values = pixels().slice();
    if (!values.some((v) => v > 0)) return setStatus('The pad is empty: draw a digit first.');
    await saveDrawing({ width: shape.width, height: shape.height, channels: shape.channels, pixels: values, label, createdAt: Date.now() });
    setStatus(`Saved as a ${label} (${countsByLabel(useDrawings.getState().drawings)[label]} of them now).`);
  };

  // The same path a dropped zip takes: the worker plans, decodes and trains on it.
  const train = async (withMnist: boolean) => {
    const s = withMnist ? MNIST_SHAPE : common;
    if (!s) return;
    const set = ofShape(drawings, s);
    const options = new TextEncoder().encode(JSON.stringify(dropOptionsFor(s, withMnist)));
    setStatus(withMnist ? `Adding ${set.length} drawings to MNIST…` : `Training on ${set.length} drawings…`);
    try {
      await engine.drop([
        { name: DRAWINGS_ZIP_NAME, bytes: drawingsZip(set) },
        { name: OWN_OPTIONS_ENTRY, bytes: options },
      ]);
      setStatus('');
    } catch {
      setStatus('The drawings could not be used (see the notice); the current run is unchanged.');
    }
  };

  const removeAll = async () => {
    if (!window.confirm(`Delete all ${drawings.length} saved drawings? This cannot be undone (Export keeps a copy).`)) return;
    await deleteAllDrawings();
    setStatus('All drawings deleted.');
  };

  const otherSizes = drawings.length - alone.length;
  return (
    <section aria-label="Your drawings" data-testid="my-drawings" style={{ marginTop: '0.6rem' }}>
      <div className="run-actions" role="group" aria-label="Save the drawing" style={{ alignItems: 'center' }}>
        <label>
          Digit{' '}
          <select value={label} onChange={(e) => setLabel(Number(e.target.value))} data-testid="drawing-label">
            {DRAWING_LABELS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void save()} disabled={!shape || where === 'loading'} data-testid="drawing-save">
          Save drawing
        </button>
      </div>
      <table className="metric" data-testid="drawing-counts" data-total={drawings.length} aria-label="Saved drawings per digit" style={{ margin: '0.4rem 0' }}>
        <tbody>
          <tr>
            <th scope="row" style={{ textAlign: 'left' }}>
              digit
            </th>
            {DRAWING_LABELS.map((d) => (
              <td key={d} style={CELL}>
                {d}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left' }}>
              saved
            </th>
            {DRAWING_LABELS.map((d) => (
              <td key={d} data-testid={`drawing-count-${d}`} style={CELL}>
                {counts[d]}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="run-actions" role="group" aria-label="Your drawings">
        <button type="button" onClick={() => void train(false)} disabled={alone.length < MIN_TO_TRAIN} data-testid="drawings-train">
          Train on my drawings
        </button>
        <button type="button" onClick={() => void train(true)} disabled={forMnist.length === 0} data-testid="drawings-mnist">
          Add them to MNIST
        </button>
        <button type="button" onClick={() => download(new Blob([drawingsZip(drawings) as BlobPart]), DRAWINGS_ZIP_NAME)} disabled={!drawings.length} data-testid="drawings-export">
          Export
        </button>
        <button type="button" onClick={() => void removeAll()} disabled={!drawings.length} data-testid="drawings-delete">
          Delete all
        </button>
      </div>
      <p className="hint" data-testid="drawings-where">
        {where === 'memory'
          ? problem
          : `${drawings.length} saved in this browser (IndexedDB); nothing leaves it. Export gives a zip of PNGs in digit folders that the lab reads back when dropped.`}
        {alone.length < MIN_TO_TRAIN ? ` Save at least ${MIN_TO_TRAIN} to train on them alone.` : ''}
        {otherSizes > 0 && common ? ` Training on them alone uses the ${alone.length} at ${shapeKey(common)}; ${otherSizes} at other sizes are left out.` : ''}
        {drawings.length > 0 && !forMnist.length ? ' Only 28×28 grey drawings (MNIST’s pad) can be added to MNIST.' : ''}
      </p>
      {status && (
        <p className="hint" role="status" data-testid="drawings-status">
          {status}
        </p>
      )}
    </section>
  );
}
