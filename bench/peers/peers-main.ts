// The bench's peer page (built by scripts/bench.mjs, never shipped): window.peers.run(task)
// hands one measurement to the worker and resolves with its JSON.
import type { PeerResult, PeerTask } from './peers-worker';

// The page's query (?threads=N) travels in the worker's name, as the lab's engine client does.
const worker = new Worker(new URL('./peers-worker.ts', import.meta.url), { type: 'module', name: `bench-peers${location.search}` });
let next = 0;
const waiting = new Map<number, { resolve: (r: PeerResult) => void; reject: (e: Error) => void }>();
worker.onmessage = (e: MessageEvent<{ id: number; result?: PeerResult; error?: string }>) => {
  const w = waiting.get(e.data.id);
  waiting.delete(e.data.id);
  if (e.data.error !== undefined) w?.reject(new Error(e.data.error));
  else w?.resolve(e.data.result!);
};

const peers = {
  run: (task: PeerTask): Promise<PeerResult> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, task });
    }),
};
(window as unknown as { peers: typeof peers }).peers = peers;
