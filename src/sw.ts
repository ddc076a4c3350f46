/// <reference lib="webworker" />
// The lab's service worker, built by vite-plugin-pwa (strategy injectManifest) from Workbox parts.
// - Precaches what the build lists (the app, the tfjs WASM binaries, the MNIST subset and the
//   MovieLens release that ships), so after one visit the lab trains with no network.
// - Adds COOP/COEP to every same-origin response, so the page is cross-origin isolated (WASM
//   threads need SharedArrayBuffer) even on a host that sends no headers: coi-serviceworker's
//   technique, with Workbox doing the caching.
// - A new version waits until the page asks for it (the "new version" notice) or the next visit.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { Route, Router } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** The headers that make a page cross-origin isolated. */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

const precache = new PrecacheController();
// vite-plugin-pwa writes the build's file list (url + revision) in place of self.__WB_MANIFEST.
precache.precache((self as unknown as { __WB_MANIFEST: (PrecacheEntry | string)[] }).__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();

const router = new Router();
// The lab reads no query string on the server side (`?paused` is the page's own): any query still
// finds index.html in the precache.
router.registerRoute(new PrecacheRoute(precache, { ignoreURLParametersMatching: [/.*/] }));
// Full MNIST (11 MB) is not precached; once a run has used it, it stays for offline use.
router.registerRoute(new Route(({ url }) => /\/datasets\/mnist-(train|t10k)-[^/]+\.gz$/.test(url.pathname), new CacheFirst({ cacheName: 'lab-datasets' })));

/** The same response with the isolation headers (an opaque response cannot take headers). */
function isolated(response: Response): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  // Cross-origin requests go their own way (the lab makes none).
  if (new URL(request.url).origin !== sw.location.origin) return;
  const routed = router.handleRequest({ request, event });
  event.respondWith((routed ?? fetch(request)).then(isolated));
});

// workbox-window's messageSkipWaiting(), sent when the user accepts the new version.
sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});
