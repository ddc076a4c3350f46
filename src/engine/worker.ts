/// <reference lib="webworker" />
// tfjs-core, not the union package (@tensorflow/tfjs, 1.4 MB more: Layers, the converter, WebGL):
// its gradients register on import, which the union does for its users.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { fetchBytes } from '../data/fetch-bytes';
import { mnistUrls } from '../data/mnist-source';
import type { AdapterLook } from './adapter-look';
import { chooseBackend, lookFromPage, suitWasmTo } from './backend';
import { EarlyFiles } from './early-files';
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

/** The MNIST subset: fetched by the page while this script loaded (init's pageFetches), or now. */
const early = new EarlyFiles(fetchBytes);

/** The page's look at the WebGPU adapter, when init says one is coming. */
let pageLook: ((look: AdapterLook | null) => void) | null = null;

function fetchEarly(msg: Extract<ToWorker, { type: 'init' }>): void {
  if (msg.settings.dataset !== 'mnist') return;
  const urls = mnistUrls(msg.datasetsUrl, msg.settings.dataSize);
  if (msg.pageFetches) early.expect(urls);
  else early.fetchNow(urls);
}

const session = new Session({
  post: (msg: FromWorker, transfer: Transferable[] = []) => {
    markStartup(msg);
    scope.postMessage(msg, transfer);
  },
  fetchBytes: early.fetch,
  chooseBackend,
  suitWasmTo,
});
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'init') fetchEarly(msg);
  if (msg.type === 'init' && msg.pageLooks) lookFromPage(new Promise((resolve) => (pageLook = resolve)));
  if (msg.type === 'adapter-look') pageLook?.(msg.look);
  if (msg.type === 'early-bytes') return early.deliver(msg.url, msg.bytes);
  if (msg.type === 'play') markOnce('play');
  void session.handle(msg);
};
