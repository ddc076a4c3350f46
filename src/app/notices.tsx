import { dismissNotice, useLab } from '../state/store';
import { PwaUpdateNotice } from './pwa-update-notice';

/** Messages for the user (errors stay until dismissed); read out by screen readers. */
export function Notices() {
  const notices = useLab((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      <PwaUpdateNotice />
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
