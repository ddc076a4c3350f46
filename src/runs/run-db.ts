import type { RunRecord } from '../state/run-record';

// Runs live in IndexedDB (structured clone keeps Float32Arrays as they are).
const DB = 'autoencoder-lab';
const STORE = 'runs';
/** Oldest unpinned runs beyond this are dropped: storage stays bounded. */
export const MAX_RUNS = 30;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = work(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export const listRuns = async (): Promise<RunRecord[]> => (await tx<RunRecord[]>('readonly', (s) => s.getAll())).sort((a, b) => b.createdAt - a.createdAt);
export const deleteRun = (id: string): Promise<undefined> => tx('readwrite', (s) => s.delete(id));

export async function putRun(run: RunRecord): Promise<void> {
  await tx('readwrite', (s) => s.put(run));
  const runs = await listRuns();
  const extra = runs.filter((r) => !r.pinned).slice(MAX_RUNS);
  for (const r of extra) await deleteRun(r.id);
}
