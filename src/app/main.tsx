import { decodeHash } from '../settings/url-hash';
import { notify, useLab } from '../state/store';
import { EngineClient, writeHash } from '../client/engine-client';
import { createLabApi } from './lab-api';
import { followHash } from '../client/router';
import { RunsController } from '../runs/runs-controller';
import { registerServiceWorker } from './pwa-register';
import './styles.css';

const { route, settings, notices } = decodeHash(location.hash);
useLab.setState({ route });
const engine = new EngineClient();
followHash(engine);
const runs = new RunsController(engine);
void runs.start();
window.lab = createLabApi(engine);
engine.start(settings);
writeHash(settings);
for (const n of notices) notify('error', n);
// Start training as soon as the model is ready, unless the link asks for a paused lab.
if (!new URLSearchParams(location.search).has('paused')) void engine.ready().then(() => engine.play());
// Offline use and cross-origin isolation on any static host; never in `npm run dev`.
if (import.meta.env.PROD) registerServiceWorker();

// The page (React DOM, the views, the charts) loads after the worker started: the MNIST subset
// starts training while it does.
void import('./render-app').then(({ renderApp }) => renderApp(engine, runs));
