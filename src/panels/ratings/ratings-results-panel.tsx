import { useMemo } from 'react';
import { useEngine } from '../../client/engine-context';
import type { RatingErrors } from '../../engine/ratings-types';
import { notify } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { CELL_STYLE, LEFT_CELL_STYLE, TABLE_STYLE, fmt } from '../recsys/recsys-view';
import { mergeBaselines, useRatingsExtras, useRatingsReference } from './ratings-view';

interface Row {
  id: string;
  label: string;
  step: number | null;
  validation: RatingErrors;
  test: RatingErrors;
}

const COLUMNS: { part: 'validation' | 'test'; metric: 'rmse' | 'mae'; label: string }[] = [
  { part: 'validation', metric: 'rmse', label: 'val RMSE' },
  { part: 'validation', metric: 'mae', label: 'val MAE' },
  { part: 'test', metric: 'rmse', label: 'test RMSE' },
  { part: 'test', metric: 'mae', label: 'test MAE' },
];

/** The baselines and every trained model's best checkpoint on this split, validation and test errors side by side; the lowest of each column in bold. */
export function RatingsResultsPanel() {
  const extras = useRatingsExtras();
  const reference = useRatingsReference();
  const engine = useEngine();
  const rows = useMemo<Row[]>(
    () => [
      ...mergeBaselines(reference?.baselines, extras?.baselines).map((b) => ({ id: b.key, label: b.label, step: null, validation: b.validation, test: b.test })),
      ...(extras?.results ?? []).map((r) => ({ id: r.model, label: r.label, step: r.step, validation: r.validation, test: r.test })),
    ],
    [reference, extras],
  );
  const lowest = COLUMNS.map(({ part, metric }) => Math.min(...rows.map((r) => r[part][metric])));
  const restore = () =>
    void engine.query('restoreBest', {}).then(
      (r) => notify('info', `Restored the weights of step ${r.step} (best validation RMSE).`),
      (e: Error) => notify('error', e.message),
    );
  const c = reference?.counts;
  return (
    <PanelFrame name="ratings-results" title="Results on the test ratings">
      <p className="hint">
        Errors of the predicted stars (clipped to the scale) on held-out ratings. Trained models are scored at their best validation RMSE (the step shown). Sedhain et al. (2015)
        report test RMSE 0.831 for I-AutoRec and 0.874 for U-AutoRec on ML-1M (90/10 split).
      </p>
      <table style={TABLE_STYLE} data-testid="ratings-results-table">
        <thead>
          <tr>
            <th style={LEFT_CELL_STYLE}>Model</th>
            <th style={CELL_STYLE}>step</th>
            {COLUMNS.map((col) => (
              <th key={col.label} style={CELL_STYLE}>
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-model={r.id}>
              <td style={LEFT_CELL_STYLE}>{r.label}</td>
              <td style={CELL_STYLE}>{r.step ?? '—'}</td>
              {COLUMNS.map(({ part, metric, label }, j) => {
                const v = r[part][metric];
                const best = rows.length > 1 && v === lowest[j];
                return (
                  <td key={label} style={CELL_STYLE} data-best={best || undefined}>
                    {best ? <strong title="lowest in this column">{fmt(v)}</strong> : fmt(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        <button type="button" className="link" onClick={restore} disabled={!extras?.best} data-testid="ratings-restore-best">
          Restore best
        </button>{' '}
        (step {extras?.best?.step ?? '—'}, validation RMSE {fmt(extras?.best?.validation.rmse)}) into the current model.
      </p>
      {reference && <p className="hint">{reference.fallback}</p>}
      {c && (
        <dl
          style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '0.1rem 0.8rem', margin: 0, fontSize: '0.9rem', fontVariantNumeric: 'tabular-nums' }}
          data-testid="ratings-counts"
        >
          <dt>Ratings</dt>
          <dd>
            {c.ratings.toLocaleString('en')} by {c.users.toLocaleString('en')} users on {c.items.toLocaleString('en')} movies
          </dd>
          <dt>Train</dt>
          <dd>{c.train.toLocaleString('en')}</dd>
          <dt>Validation</dt>
          <dd>{c.validation.toLocaleString('en')}</dd>
          <dt>Test</dt>
          <dd>{c.test.toLocaleString('en')}</dd>
          <dt>Cold test</dt>
          <dd>{c.coldTest.toLocaleString('en')} (user or movie with no training rating: scored by the fallback)</dd>
        </dl>
      )}
    </PanelFrame>
  );
}
