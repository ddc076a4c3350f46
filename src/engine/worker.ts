/// <reference lib="webworker" />
// tfjs-core, not the union package (@tensorflow/tfjs, 1.4 MB more: Layers, the converter, WebGL):
// its gradients register on import, which the union does for its users.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fetchBytes } from '../data/fetch-bytes';
import { mnistUrls, type FetchBytes } from '../data/mnist-source';
import { chooseBackend, suitWasmTo } from './backend';
import type { FromWorker, ToWorker } from './protocol';
import { Session } from './session';
import { markOnce } from './startup-marks';

// The training worker: owns every tensor; speaks the typed protocol in protocol.ts.
markOnce('worker-start');
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Marks the startup milestones the worker's own messages announce. */
function markStartup(msg: FromWorker): void {
  if (msg.type === 'backend') markOnce('backend-ready');
  else if (msg.type === 'run-reset') markOnce('run-built');
  else if (msg.type === 'reference') markOnce('reference');
  else if (msg.type === 'snapshot' && msg.snapshot.increments['train/loss']) markOnce('first-loss-posted');
  else if (msg.type === 'snapshot') markOnce('first-snapshot');
}

/**
 * Files fetched before the session asks (the MNIST subset, while the backend starts): each is
 * handed over once; a failed early fetch is simply fetched again, with its error then.
 */
const early = new Map<string, Promise<Uint8Array>>();
const fetchEarlyOrNow: FetchBytes = (url, onProgress, signal) => {
  const got = early.get(url);
  if (!got) return fetchBytes(url, onProgress, signal);
  early.delete(url);
  return got.then(
    (bytes) => (onProgress(1), bytes),
    () => fetchBytes(url, onProgress, signal),
  );
};

function fetchEarly(msg: Extract<ToWorker, { type: 'init' }>): void {
  if (msg.settings.dataset !== 'mnist') return;
  for (const url of mnistUrls(msg.datasetsUrl, msg.settings.dataSize)) {
    const bytes = fetchBytes(url, () => undefined);
    bytes.catch(() => undefined); // its error, if any, surfaces when the session asks
    early.set(url, bytes);
  }
}

const session = new Session({
  post: (msg: FromWorker, transfer: Transferable[] = []) => {
    markStartup(msg);
    scope.postMessage(msg, transfer);
  },
  fetchBytes: fetchEarlyOrNow,
  chooseBackend,
  suitWasmTo,
});
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'init') fetchEarly(msg);
  if (msg.type === 'play') markOnce('play');
  void session.handle(msg);
};
