import { inStore, type StoreSpec } from './idb-store';
import type { Drawing } from './drawings-zip';

// Your drawings live in IndexedDB, in a database of their own (the runs' database keeps its
// version; structured clone keeps the Float32Array pixels as they are).
const DB = 'autoencoder-lab-drawings';
const STORE = 'drawings';

const SPEC: StoreSpec = { db: DB, store: STORE, options: { keyPath: 'id', autoIncrement: true } };
const tx = <T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inStore(SPEC, mode, work);

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
