import { useEngine } from '../../client/engine-context';
import { notify } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { CELL_STYLE, LEFT_CELL_STYLE, METRIC_COLUMNS, TABLE_STYLE, fmtSe, useRecsysExtras, useRecsysReference } from './recsys-view';

/** Every model tried on this split, on the test users, at its best validation checkpoint, ± SE over those users; the best of each column in bold. */
export function ResultsTablePanel() {
  const extras = useRecsysExtras();
  const reference = useRecsysReference();
  const engine = useEngine();
  const rows = extras?.results ?? [];
  const best = Object.fromEntries(METRIC_COLUMNS.map(({ key }) => [key, Math.max(...rows.map((r) => r.test[key]))]));
  const restore = () =>
    void engine.query('restoreBest', {}).then(
      (r) => notify('info', `Restored the weights of step ${r.step} (best validation NDCG@100).`),
      (e: Error) => notify('error', e.message),
    );
  return (
    <PanelFrame name="recsys-results" title="Results on the test users">
      <p className="hint">
        {reference ? `${reference.test.users} test users` : 'Test users'}, ranking all {reference?.counts.items.toLocaleString('en') ?? ''} movies minus their fold-in clicks.
        Trained models are scored at their best validation NDCG@100 (the step shown). ± is the standard error over the test users (sample SD / √n, as Liang et al. report it): with
        this few users, gaps within about two SEs may be noise. On ML-20M, NDCG@100: Mult-VAE 0.426 (Liang et al. 2018), EASE 0.420 (Steck 2019).
      </p>
      <table style={TABLE_STYLE} data-testid="results-table">
        <thead>
          <tr>
            <th style={LEFT_CELL_STYLE}>Model</th>
            <th style={CELL_STYLE}>step</th>
            {METRIC_COLUMNS.map((c) => (
              <th key={c.key} style={CELL_STYLE}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-model={r.model}>
              <td style={LEFT_CELL_STYLE}>{r.label}</td>
              <td style={CELL_STYLE}>{r.step || '—'}</td>
              {METRIC_COLUMNS.map((c) => (
                <td key={c.key} style={CELL_STYLE} data-best={r.test[c.key] === best[c.key] || undefined}>
                  {r.test[c.key] === best[c.key] ? <strong title="best in this column">{fmtSe(r.test, c.key)}</strong> : fmtSe(r.test, c.key)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        <button type="button" className="link" onClick={restore} disabled={!extras?.best}>
          Restore the best checkpoint
        </button>{' '}
        (step {extras?.best?.step ?? '—'}) into the current model.
      </p>
    </PanelFrame>
  );
}
