// First: the training worker starts loading before the other modules below run.
import { engineWorker } from './start-worker';
import { decodeHash } from '../settings/url-hash';
import { notify, useLab } from '../state/store';
import { EngineClient, writeHash } from '../client/engine-client';
import { createLabApi } from './lab-api';
import { followHash } from '../client/router';
import { RunsController } from '../runs/runs-controller';
import { registerServiceWorkerAfter } from './pwa-register';
import './styles.css';

// Startup phases for scripts/bench-first-picture.mjs (the worker marks its own, engine/startup-marks.ts).
performance.mark('lab:main');
const firstLoss = new Promise<void>((resolve) => {
  const stopWatching = useLab.subscribe((s) => {
    if (!s.history['train/loss']?.length) return;
    performance.mark('lab:first-loss');
    stopWatching();
    resolve();
  });
});
const pageLoaded = () => new Promise<void>((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', () => resolve(), { once: true })));
const { route, settings, notices } = decodeHash(location.hash);
useLab.setState({ route });
const engine = new EngineClient(engineWorker);
followHash(engine);
const runs = new RunsController(engine);
void runs.start();
window.lab = createLabApi(engine, runs);
// Training starts as soon as the model is ready, unless the link asks for a paused lab.
const paused = new URLSearchParams(location.search).has('paused');
engine.start(settings, !paused);
writeHash(settings);
for (const n of notices) notify('error', n);
// Offline use and cross-origin isolation on any static host; never in `npm run dev`.
if (import.meta.env.PROD) registerServiceWorkerAfter(paused ? pageLoaded() : firstLoss);

// The page (React DOM, the views, the charts) loads after the worker started: the MNIST subset
// starts training while it does.
void import('./render-app').then(({ renderApp }) => renderApp(engine, runs));
