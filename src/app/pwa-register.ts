// Registers the service worker (src/sw.ts) of a production build, through workbox-window.
// - First visit on a host without COOP/COEP: once the worker controls the page (it adds the
//   headers), one reload makes the page cross-origin isolated, so WASM gets its threads.
// - A new version installs in the background and waits; the page offers it in a notice
//   (pwa-update-notice.tsx), and the next visit picks it up anyway.
import { useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';

let updateReady = false;
const listeners = new Set<() => void>();
let reloading = false;
const reloadOnce = () => {
  if (reloading) return;
  reloading = true;
  location.reload();
};

/** Registers anyway this long after the page started, should the first picture never come. */
const REGISTER_FALLBACK_MS = 10_000;

/**
 * Registers once `firstPicture` settles (the first training loss; the page's load on a paused
 * lab), not at once: the first visit's precache (about 11 MB: the app, the WASM binaries, the
 * MNIST subset) would otherwise load beside the page's own scripts and data and delay the first
 * picture (npm run bench, firstLoss.firstVisit).
 */
export function registerServiceWorkerAfter(firstPicture: Promise<void>): void {
  const fallback = new Promise<void>((resolve) => setTimeout(resolve, REGISTER_FALLBACK_MS));
  void Promise.race([firstPicture, fallback]).then(registerServiceWorker);
}

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // BASE_URL is './': the worker sits next to index.html and its scope is that folder.
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  wb.addEventListener('controlling', (event) => {
    // A fresh install now controls the page: reload once to take the isolation headers. An
    // accepted update reloads too (acceptUpdate), so the page runs the version it is served.
    if (event.isUpdate || !crossOriginIsolated) reloadOnce();
  });
  wb.register()
    .then((registration) => registration && offerWhenWaiting(registration))
    .catch((e: unknown) => console.warn('The service worker did not register; the lab works, but not offline.', e));
}

/**
 * Offers a new version once one waits. Watched on the registration itself: the browser's own
 * update check on navigation often starts installing before workbox-window registers, and then
 * its 'waiting' event never comes.
 */
function offerWhenWaiting(registration: ServiceWorkerRegistration): void {
  const check = () => {
    if (!registration.waiting || !navigator.serviceWorker.controller || updateReady) return;
    updateReady = true;
    for (const l of listeners) l();
  };
  const follow = (sw: ServiceWorker | null) => sw?.addEventListener('statechange', check);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  check();
}

/** Switches to the waiting version: it takes over, and the page reloads on it. */
export function acceptUpdate(): void {
  // Workbox fires 'controlling' only for a worker it installed itself; one the browser's own
  // update check installed takes over without it. The page's controller change covers both.
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
  // Straight to the registration's waiting worker, whoever installed it.
  void navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.postMessage({ type: 'SKIP_WAITING' }));
}

/** True once a new version of the lab is installed and waiting. */
export function useUpdateReady(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => updateReady,
  );
}
