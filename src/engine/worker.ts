/// <reference lib="webworker" />
import { fetchBytes } from '../data/fetch-bytes';
import { chooseBackend } from './backend';
import type { FromWorker, ToWorker } from './protocol';
import { Session } from './session';

// The training worker: owns every tensor; speaks the typed protocol in protocol.ts.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session({
  post: (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer),
  fetchBytes,
  chooseBackend,
});
scope.onmessage = (event: MessageEvent<ToWorker>) => void session.handle(event.data);
