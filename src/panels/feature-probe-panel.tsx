import { useState } from 'react';
import { useEngine } from '../client/engine-context';
import type { FeatureProbeResult } from '../engine/image-queries';
import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';

const NAMES = { code: 'the code h', pixels: 'raw pixels', pca: 'PCA, same K' } as const;
const TABLE_STYLE = { borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums' } as const;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * The code as a feature representation: a linear probe (softmax regression trained in the
 * worker on frozen features) and 5-NN test accuracy, for the code against raw pixels and
 * against PCA with the same K. Runs on demand (a few seconds), at the current step.
 */
export function FeatureProbePanel() {
  const engine = useEngine();
  const step = useLab((s) => s.snapshot?.step ?? -1);
  const [result, setResult] = useState<(FeatureProbeResult & { step: number }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setBusy(true);
    const at = step;
    engine
      .query('featureProbe', {})
      .then(
        (r) => (setResult({ ...r, step: at }), setError(null)),
        (e: Error) => setError(e.message),
      )
      .finally(() => setBusy(false));
  };
  return (
    <PanelFrame name="feature-probe" title="Feature learning: probe the code">
      <p className="hint">
        Is the code a good representation of the digit? Train a linear classifier (softmax regression) on frozen features of 2,000 training digits, and a 5-nearest-neighbour vote,
        then score both on 1,000 test digits. Chance is 10%.
      </p>
      <button type="button" onClick={run} disabled={busy || step < 0} data-testid="feature-probe-run">
        {busy ? 'Probing…' : 'Probe the code now'}
      </button>
      {result && (
        <table style={TABLE_STYLE} data-testid="feature-probe-table" data-step={result.step}>
          <caption className="hint">
            At step {result.step}: {result.steps} probe steps, {result.nTrain} training and {result.nTest} test digits.
          </caption>
          <thead>
            <tr>
              <th scope="col">features</th>
              <th scope="col">dims</th>
              <th scope="col">linear probe</th>
              <th scope="col">{result.k}-NN</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.name} data-row={r.name} data-probe={r.probe} data-knn={r.knn}>
                <th scope="row">{NAMES[r.name]}</th>
                <td>{r.dim}</td>
                <td title={`training accuracy ${pct(r.probeTrain)}`}>{pct(r.probe)}</td>
                <td>{pct(r.knn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && <p className="hint">A code that beats PCA with the same K has learned something linear methods miss; raw pixels are the ceiling a small K gives up.</p>}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </PanelFrame>
  );
}
