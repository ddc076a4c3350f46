import { useEffect, useMemo, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { movieLine, movieTitle, useRecsysReference } from './recsys-view';

const MATCHES = 8;
const TOP_N = 15;
/** One empty list for every render without a reference, so the search memo stays put. */
const NO_ITEMS: NonNullable<ReturnType<typeof useRecsysReference>>['items'] = [];

/** Search titles, tick the ones you like, and the current model recommends at once (through the encoder). */
export function RateMoviesPanel() {
  const engine = useEngine();
  const items = useRecsysReference()?.items ?? NO_ITEMS;
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const [search, setSearch] = useState('');
  const [liked, setLiked] = useState<number[]>([]);
  const [recs, setRecs] = useState<number[]>([]);
  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (q.length < 2) return [];
    const out: number[] = [];
    for (let c = 0; c < items.length && out.length < MATCHES; c++) if (items[c].title.toLowerCase().includes(q) && !liked.includes(c)) out.push(c);
    return out;
  }, [search, items, liked]);
  useEffect(() => {
    let live = true;
    if (!liked.length) return void setRecs([]);
    engine.query('recommend', { items: liked, n: TOP_N }).then(
      (r) => live && setRecs(r),
      () => live && setRecs([]),
    );
    return () => void (live = false);
  }, [engine, liked, step]);
  return (
    <PanelFrame name="recsys-rate" title="Rate a few movies yourself">
      <p className="hint">
        Your likes are folded in by one pass through the model (amortized inference: nothing is fitted for you); the Mult-VAE’s amortization gap panel measures what that costs.
      </p>
      <label className="control">
        <span>Search a title</span>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="e.g. matrix"
          data-testid="movie-search"
          style={{ font: 'inherit', width: '12rem' }}
        />
      </label>
      <ul style={{ listStyle: 'none', padding: 0, margin: '0.3rem 0', fontSize: '0.85rem' }}>
        {matches.map((c) => (
          <li key={c}>
            <button type="button" className="link" onClick={() => (setLiked([...liked, c]), setSearch(''))} title={movieLine(items[c])}>
              + {movieTitle(items[c])}
            </button>
          </li>
        ))}
      </ul>
      <p className="hint">
        Liked: {liked.length ? '' : 'none yet.'}
        {liked.map((c) => (
          <button key={c} type="button" className="icon" onClick={() => setLiked(liked.filter((x) => x !== c))} aria-label={`Remove ${movieTitle(items[c])}`}>
            {movieTitle(items[c])} ×
          </button>
        ))}
      </p>
      {recs.length > 0 && (
        <>
          <strong>Recommended for you</strong>
          <ol style={{ paddingLeft: '1.4rem', margin: '0.2rem 0', fontSize: '0.85rem' }} data-testid="my-recommendations">
            {recs.map((c) => (
              <li key={c} title={movieLine(items[c])}>
                {movieTitle(items[c])}
              </li>
            ))}
          </ol>
        </>
      )}
    </PanelFrame>
  );
}
