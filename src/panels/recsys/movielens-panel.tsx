import { useRef } from 'react';
import { useEngine } from '../../client/engine-context';
import { MOVIELENS_CITATION, MOVIELENS_LICENCE } from '../../data/movielens/releases';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { useRecsysReference } from './recsys-view';

/** Hands a GroupLens zip to the worker (checked there, parsed there with a progress bar) and switches to it. */
async function loadZip(engine: ReturnType<typeof useEngine>, file: File | undefined): Promise<void> {
  if (!file) return;
  try {
    await engine.drop([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }]);
  } catch {
    // The refusal is shown as a notice.
  }
  if (useLab.getState().settings.dataset !== 'movielens-dropped' && useLab.getState().droppedDataset?.startsWith('MovieLens')) {
    await engine.set({ dataset: 'movielens-dropped' }).catch(() => undefined);
  }
}

/** The split's numbers, the licence and citation, and the way to bring another MovieLens release. */
export function MovieLensPanel() {
  const engine = useEngine();
  const r = useRecsysReference();
  const input = useRef<HTMLInputElement>(null);
  const c = r?.counts;
  return (
    <PanelFrame name="recsys-data" title="MovieLens">
      {r && c && (
        <dl
          style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '0.1rem 0.8rem', margin: 0, fontSize: '0.9rem', fontVariantNumeric: 'tabular-nums' }}
          data-testid="movielens-counts"
        >
          <dt>Ratings → clicks</dt>
          <dd>
            {c.ratings.toLocaleString('en')} → {c.clicks.toLocaleString('en')} (rating &gt; 3.5)
          </dd>
          <dt>Users kept</dt>
          <dd>{c.users.toLocaleString('en')} with ≥ 5 clicks</dd>
          <dt>Training</dt>
          <dd>
            {c.trainUsers.toLocaleString('en')} users × {c.items.toLocaleString('en')} movies, {c.trainClicks.toLocaleString('en')} clicks
          </dd>
          <dt>Validation</dt>
          <dd data-testid="validation-counts">
            {r.validation.users} users ({r.validation.targets} held-out clicks){r.validation.skipped ? `, ${r.validation.skipped} skipped (< 5 clicks left)` : ''}
          </dd>
          <dt>Test</dt>
          <dd data-testid="test-counts">
            {r.test.users} users ({r.test.targets} held-out clicks){r.test.skipped ? `, ${r.test.skipped} skipped` : ''}
          </dd>
        </dl>
      )}
      <p className="hint">
        Each held-out user’s clicks are split 80/20: the model sees the 80% (fold-in) and must rank the 20% (targets) high. Protocol of Liang et al. (2018):{' '}
        {c ? `${c.heldOutPerPart} validation and ${c.heldOutPerPart} test users (10,000 each on ML-20M, scaled)` : 'validation and test users scaled from ML-20M'}.
      </p>
      {r && (
        <p className="hint" data-testid="movielens-licence">
          {MOVIELENS_LICENCE[r.release]}
        </p>
      )}
      <p className="hint">
        Cite: <cite>{MOVIELENS_CITATION}</cite>
      </p>
      <p className="hint">
        Another release? Drop a GroupLens zip (ml-100k, ml-1m, ml-latest-small; ml-20m and ml-25m are read but too large to train here) anywhere on the page, or{' '}
        <button type="button" className="link" onClick={() => input.current?.click()}>
          choose a zip
        </button>
        . It is read in the worker with a progress bar.
      </p>
      <input ref={input} type="file" accept=".zip" hidden data-testid="movielens-zip-input" onChange={(e) => void loadZip(engine, e.target.files?.[0])} />
    </PanelFrame>
  );
}
