import { useEffect, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import type { HeldOutUserView } from '../../engine/recsys-types';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { movieLine, movieTitle, useRecsysReference } from './recsys-view';

const TOP_N = 20;
const SHOWN_HISTORY = 30;

/** One test user: the clicks the model sees, the clicks it must find, and its top 20 with hits marked. */
export function HeldOutUserPanel() {
  const engine = useEngine();
  const reference = useRecsysReference();
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const [index, setIndex] = useState(0);
  const [view, setView] = useState<HeldOutUserView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const users = reference?.test.users ?? 0;
  // Re-ask when the user or the model's step changes (a query runs between training chunks).
  useEffect(() => {
    if (!users) return;
    let live = true;
    engine.query('heldOutUser', { part: 'test', index: Math.min(index, users - 1), n: TOP_N }).then(
      (v) => live && (setView(v), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => void (live = false);
  }, [engine, index, users, step]);
  const items = reference?.items ?? [];
  const targets = new Set(view?.targets ?? []);
  const hits = view?.recommended.filter((c) => targets.has(c)).length ?? 0;
  return (
    <PanelFrame name="recsys-user" title="One held-out user">
      <p className="hint">
        Test user {view ? `#${view.userId}` : ''} ({index + 1} of {users}):{' '}
        <button type="button" className="link" onClick={() => setIndex((i) => (i + users - 1) % Math.max(1, users))}>
          previous
        </button>{' '}
        ·{' '}
        <button type="button" className="link" onClick={() => setIndex((i) => (i + 1) % Math.max(1, users))}>
          next
        </button>
      </p>
      {error && <p className="notice error">{error}</p>}
      {view && (
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.8rem', fontSize: '0.85rem' }}>
          <div>
            <strong>Liked ({view.foldIn.length}, fed to the model)</strong>
            <ul style={{ paddingLeft: '1.1rem', margin: '0.2rem 0' }}>
              {view.foldIn.slice(0, SHOWN_HISTORY).map((c) => (
                <li key={c} title={movieLine(items[c])}>
                  {movieTitle(items[c])}
                </li>
              ))}
              {view.foldIn.length > SHOWN_HISTORY && <li className="hint">… {view.foldIn.length - SHOWN_HISTORY} more</li>}
            </ul>
            <strong>Hidden ({view.targets.length}, to be found)</strong>
            <ul style={{ paddingLeft: '1.1rem', margin: '0.2rem 0' }}>
              {view.targets.map((c) => (
                <li key={c}>{movieTitle(items[c])}</li>
              ))}
            </ul>
          </div>
          <div>
            <strong>
              Top {TOP_N}: <span data-testid="user-hits">{hits}</span> hit{hits === 1 ? '' : 's'}
            </strong>
            <ol style={{ paddingLeft: '1.4rem', margin: '0.2rem 0' }} data-testid="user-recommendations">
              {view.recommended.map((c) => (
                <li key={c} title={movieLine(items[c])} style={targets.has(c) ? { fontWeight: 700, color: 'var(--c3)' } : undefined}>
                  {targets.has(c) ? '✓ ' : ''}
                  {movieTitle(items[c])}
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </PanelFrame>
  );
}
