import { lazy, Suspense, useCallback, useState } from 'react';
import { BackendBadge } from './backend-badge';
import { pageDropHandlers } from '../panels/data-panel';
import { Notices } from './notices';
import { ProgressBar } from './progress-bar';
import { useLab } from '../state/store';
import { useEngine } from '../client/engine-context';
import { useShortcuts } from './keyboard';
import { LabView } from './lab-view';
import { ShortcutsHelp } from './shortcuts-help';
import { navigate } from '../client/router';

// The Learn view (and KaTeX with it) loads on first visit: the lab's first picture does not wait for it.
const LearnView = lazy(() => import('../learn/learn-view').then((m) => ({ default: m.LearnView })));

export function App() {
  const engine = useEngine();
  const route = useLab((s) => s.route);
  const present = useLab((s) => s.settings.present);
  const controlsHidden = useLab((s) => s.settings.controls === 'hidden');
  const learning = route.startsWith('/learn');
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  useShortcuts(engine, toggleHelp);
  const link = (to: string, label: string, current: boolean) => (
    <a
      href={`#${to}`}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {label}
    </a>
  );
  return (
    <div className={`app${present ? ' present' : ''}${controlsHidden ? ' controls-hidden' : ''}`} {...pageDropHandlers(engine)}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>
          Autoencoder Lab <span className="tagline">train an autoencoder, watch it learn</span>
        </h1>
        <nav className="views" aria-label="Views">
          {link('/lab', 'Lab', !learning)}
          {link('/learn', 'Learn', learning)}
        </nav>
        <button type="button" className="icon" onClick={toggleHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ⌨
        </button>
        <BackendBadge />
      </header>
      <Notices />
      <ProgressBar />
      {learning ? (
        <Suspense fallback={<p className="hint">Loading the walkthroughs…</p>}>
          <LearnView />
        </Suspense>
      ) : (
        <LabView />
      )}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
