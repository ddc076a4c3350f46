import { PanelFrame } from '../panel-frame';
import { movieLine, movieTitle, useRecsysExtras, useRecsysReference } from './recsys-view';

/** "Weight rows" for movies: the units that write most into the scores, and the movies they push up. */
export function UnitMoviesPanel() {
  const units = useRecsysExtras()?.units ?? null;
  const items = useRecsysReference()?.items ?? [];
  return (
    <PanelFrame name="recsys-units" title="Weight rows: what each unit recommends" wide>
      <p className="hint">
        The decoder’s last layer gives every unit a row of weights over the movies (as the weight rows of the digit models are images). Shown: the {units?.length ?? 12} units with
        the largest rows ‖W_h‖, each with the movies its weights favour most. Units often gather a genre or an era. Updated with the validation metrics.
      </p>
      {!units ? (
        <p className="hint">Waiting for the first snapshot…</p>
      ) : (
        <ol
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(17rem, 1fr))', gap: '0.6rem 1rem', padding: 0, listStyle: 'none', margin: 0 }}
          data-testid="unit-movies"
        >
          {units.map((u) => (
            <li key={u.unit}>
              <strong>
                unit {u.unit} <span className="hint">‖W‖ = {u.norm.toFixed(2)}</span>
              </strong>
              <ul style={{ margin: '0.2rem 0 0', paddingLeft: '1.1rem', fontSize: '0.85rem' }}>
                {u.items.map((c) => (
                  <li key={c} title={movieLine(items[c])}>
                    {movieTitle(items[c])}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
