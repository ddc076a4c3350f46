import { useId, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import type { RatingsUserView } from '../../engine/ratings-types';
import type { RecsysItem } from '../../engine/recsys-types';
import { PanelFrame } from '../panel-frame';
import { CELL_STYLE, LEFT_CELL_STYLE, TABLE_STYLE, fmt } from '../recsys/recsys-view';
import { useLiveQuery } from '../use-live-query';
import { PART_LABEL, genresOf, movieWithYear, stars, useRatingsReference, useRatingsStep } from './ratings-view';

const TOP_N = 10;
const SHOWN_RATED = 40;
const MIN_MS = 500;
const PART_ORDER = { test: 0, validation: 1, train: 2 } as const;

/** One user: their rated movies (actual and predicted stars, and which part each rating is in) and the unrated movies predicted highest. */
export function RatingsUserPanel() {
  const engine = useEngine();
  const reference = useRatingsReference();
  const step = useRatingsStep();
  const [index, setIndex] = useState(0);
  const inputId = useId();
  const users = reference?.counts.users ?? 0;
  const i = Math.max(0, Math.min(index, users - 1));
  const { value: view, error } = useLiveQuery(users && step !== null ? () => engine.query('ratingsUser', { index: i, n: TOP_N }) : null, [i, users, step], MIN_MS);
  const go = (delta: number) => setIndex((k) => (Math.max(0, Math.min(k, users - 1)) + delta + users) % Math.max(1, users));
  return (
    <PanelFrame name="ratings-user" title="One user’s ratings">
      <div className="hint" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'center' }}>
        <label htmlFor={inputId}>User index</label>
        <input
          id={inputId}
          type="number"
          min={0}
          max={Math.max(0, users - 1)}
          value={i}
          onChange={(e) => setIndex(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          style={{ width: '5.5rem' }}
          data-testid="ratings-user-index"
        />
        <span>of {users.toLocaleString('en')}</span>
        <button type="button" className="link" onClick={() => go(-1)} disabled={!users}>
          previous
        </button>
        ·
        <button type="button" className="link" onClick={() => go(1)} disabled={!users}>
          next
        </button>
      </div>
      {error && <p className="notice error">{error}</p>}
      {view && <UserRatingsView view={view} items={reference?.items ?? []} />}
    </PanelFrame>
  );
}

/** The RMSE of a user's predictions on one part (null when the user has no rating there). */
export function partRmse(view: RatingsUserView, part: 'train' | 'validation' | 'test'): { rmse: number; n: number } | null {
  const rows = view.rated.filter((r) => r.part === part);
  if (!rows.length) return null;
  return { rmse: Math.sqrt(rows.reduce((s, r) => s + (r.predicted - r.actual) ** 2, 0) / rows.length), n: rows.length };
}

/** A pure view of one `ratingsUser` answer: rated movies (test first, highlighted) and the top unrated ones. */
export function UserRatingsView({ view, items }: { view: RatingsUserView; items: RecsysItem[] }) {
  const rated = [...view.rated].sort((a, b) => PART_ORDER[a.part] - PART_ORDER[b.part] || b.actual - a.actual);
  const shown = rated.slice(0, SHOWN_RATED);
  const test = partRmse(view, 'test');
  return (
    <>
      <p className="hint">
        GroupLens user <strong>#{view.userId}</strong> rated {view.rated.length} movies
        {test && (
          <>
            ; on their {test.n} test {test.n === 1 ? 'rating' : 'ratings'} the RMSE is <strong data-testid="ratings-user-test-rmse">{fmt(test.rmse)}</strong>
          </>
        )}
        . Test rows are highlighted: the model never saw them.
      </p>
      <table style={TABLE_STYLE} data-testid="ratings-user-rated">
        <thead>
          <tr>
            <th style={LEFT_CELL_STYLE}>Movie</th>
            <th style={LEFT_CELL_STYLE}>Genres</th>
            <th style={CELL_STYLE}>actual ★</th>
            <th style={CELL_STYLE}>predicted ★</th>
            <th style={LEFT_CELL_STYLE}>part</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.item} data-part={r.part} style={r.part === 'test' ? { background: 'var(--info-bg)', fontWeight: 600 } : undefined}>
              <td style={LEFT_CELL_STYLE}>{movieWithYear(items[r.item])}</td>
              <td style={{ ...LEFT_CELL_STYLE, fontSize: '0.8rem', color: 'var(--fg-dim)' }}>{genresOf(items[r.item])}</td>
              <td style={CELL_STYLE}>{stars(r.actual)}</td>
              <td style={CELL_STYLE}>{r.predicted.toFixed(2)}</td>
              <td style={LEFT_CELL_STYLE}>{PART_LABEL[r.part]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rated.length > shown.length && <p className="hint">… and {rated.length - shown.length} more training ratings.</p>}
      <p style={{ margin: '0.6rem 0 0.2rem' }}>
        <strong>Not rated, predicted highest</strong>
      </p>
      <ol style={{ paddingLeft: '1.4rem', margin: '0.2rem 0', fontSize: '0.9rem' }} data-testid="ratings-user-top">
        {view.top.map((t) => (
          <li key={t.item} title={genresOf(items[t.item])}>
            {movieWithYear(items[t.item])} <span className="hint">— {genresOf(items[t.item])}</span> <strong>{t.predicted.toFixed(2)} ★</strong>
          </li>
        ))}
      </ol>
    </>
  );
}
