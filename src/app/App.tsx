import { LearnView } from '../learn/learn-view';
import { BackendBadge } from '../panels/backend-badge';
import { pageDropHandlers } from '../panels/data-panel';
import { Notices } from '../panels/notices';
import { ProgressBar } from '../panels/progress-bar';
import { useLab } from '../state/store';
import { useEngine } from './engine-context';
import { LabView } from './lab-view';
import { navigate } from './router';

export function App() {
  const engine = useEngine();
  const route = useLab((s) => s.route);
  const learning = route.startsWith('/learn');
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
    <div className="app" {...pageDropHandlers(engine)}>
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
        <BackendBadge />
      </header>
      <Notices />
      <ProgressBar />
      {learning ? <LearnView /> : <LabView />}
    </div>
  );
}
