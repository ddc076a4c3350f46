import type { Drawing } from './drawings-zip';

// Your drawings live in IndexedDB, in a database of their own (the runs' database keeps its
// version; structured clone keeps the Float32Array pixels as they are).
const DB = 'autoencoder-lab-drawings';
const STORE = 'drawings';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Private windows may have no indexedDB, or one whose open() throws or fails.
    if (typeof indexedDB === 'undefined') throw new DOMException('IndexedDB is not available in this browser window.', 'InvalidStateError');
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new DOMException('IndexedDB could not be opened.', 'UnknownError'));
    req.onblocked = () => reject(new DOMException('IndexedDB is blocked by another tab of the lab.', 'InvalidStateError'));
  });
}

/** One request in its own transaction; it settles when the transaction does (a full disk fails at commit). */
async function tx<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = work(t.objectStore(STORE));
      const failed = () => reject(req.error ?? t.error ?? new DOMException('The storage transaction was aborted.', 'AbortError'));
      t.oncomplete = () => resolve(req.result);
      t.onerror = failed;
      t.onabort = failed;
    });
  } finally {
    db.close();
  }
}

/** Why the drawings cannot be kept, in words for the user. */
export function drawingsStorageProblem(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  const detail = ((e as Error | null)?.message || String(e)).replace(/\.$/, '');
  const why = name === 'QuotaExceededError' ? "this browser's storage for the lab is full" : `storage is not available here (${detail}; a private window?)`;
  return `Your drawings cannot be kept: ${why}. They stay in memory until this page closes; use Export to keep them.`;
}

/** Every saved drawing, oldest first. */
export const listDrawings = async (): Promise<Drawing[]> =>
  (await tx<Drawing[]>('readonly', (s) => s.getAll())).sort((a, b) => a.createdAt - b.createdAt || (a.id ?? 0) - (b.id ?? 0));

/** Stores a drawing; resolves with its key. */
export async function putDrawing(d: Drawing): Promise<number> {
  const { id: _id, ...fresh } = d; // the store numbers it
  return Number(await tx('readwrite', (s) => s.add(fresh)));
}

export const clearDrawings = (): Promise<undefined> => tx('readwrite', (s) => s.clear());
