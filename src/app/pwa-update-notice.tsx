import { acceptUpdate, useUpdateReady } from './pwa-register';

/** "A new version is ready": shown while an updated service worker waits (production builds). */
export function PwaUpdateNotice() {
  const ready = useUpdateReady();
  if (!ready) return null;
  return (
    <div className="notice info" role="status" data-testid="update-notice">
      <span>A new version of the lab is ready —</span>
      <button type="button" style={{ fontSize: 'inherit', textDecoration: 'underline' }} onClick={acceptUpdate}>
        reload
      </button>
    </div>
  );
}
