import { inStore, type StoreSpec } from './idb-store';
import type { RunRecord } from '../state/run-record';

// Runs live in IndexedDB (structured clone keeps Float32Arrays as they are).
const DB = 'autoencoder-lab';
const STORE = 'runs';
/** Oldest unpinned runs beyond this are dropped: storage stays bounded. */
export const MAX_RUNS = 30;

const SPEC: StoreSpec = { db: DB, store: STORE, options: { keyPath: 'id' } };
const tx = <T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => inStore(SPEC, mode, work);

/** Why storage failed, in words for the user: full, unavailable, or something else. */
export function storageProblem(e: unknown): { kind: 'full' | 'unavailable' | 'other'; message: string } {
  const name = (e as { name?: string } | null)?.name ?? '';
  const detail = (e as Error | null)?.message || String(e);
  const keep = 'Training and the current run continue, with their history in memory; use Export model or Metrics CSV to keep them.';
  if (name === 'QuotaExceededError') return { kind: 'full', message: `Runs cannot be kept: this browser's storage for the lab is full. ${keep} Deleting old runs makes room.` };
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'NotAllowedError' || name === 'UnknownError')
    return { kind: 'unavailable', message: `Runs cannot be kept: storage is not available here (${detail}; a private window?). ${keep}` };
  return { kind: 'other', message: `Runs cannot be kept: saving failed (${detail}). ${keep}` };
}

export const listRuns = async (): Promise<RunRecord[]> => (await tx<RunRecord[]>('readonly', (s) => s.getAll())).sort((a, b) => b.createdAt - a.createdAt);
export const deleteRun = (id: string): Promise<undefined> => tx('readwrite', (s) => s.delete(id));

/**
 * Writes a run, then drops the oldest unpinned runs beyond MAX_RUNS. `known` is every run stored
 * before this write (the lab's list, which follows each write), so nothing is read back: a read
 * would decode every run's history and weights again, every few seconds while training.
 * Returns the list after the write, newest first.
 */
export async function putRun(run: RunRecord, known: readonly RunRecord[]): Promise<RunRecord[]> {
  await tx('readwrite', (s) => s.put(run));
  const runs = [run, ...known.filter((r) => r.id !== run.id)].sort((a, b) => b.createdAt - a.createdAt);
  const extra = runs.filter((r) => !r.pinned).slice(MAX_RUNS);
  for (const r of extra) await deleteRun(r.id);
  return runs.filter((r) => !extra.includes(r));
}
