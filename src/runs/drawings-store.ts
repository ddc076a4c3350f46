import { create } from 'zustand';
import { clearDrawings, drawingsStorageProblem, listDrawings, putDrawing } from './drawings-db';
import type { Drawing } from './drawings-zip';

/**
 * Your saved drawings on the main thread: the drawing pad adds them, the latent map shows
 * where they land. Kept in IndexedDB; when storage fails they stay in memory for the session.
 */
export interface DrawingsState {
  drawings: Drawing[];
  /** 'loading' before the first read; 'stored': in IndexedDB; 'memory': storage failed, kept until the page closes. */
  where: 'loading' | 'stored' | 'memory';
  /** Why they cannot be kept, when where is 'memory'. */
  problem: string | null;
}

export const useDrawings = create<DrawingsState>(() => ({ drawings: [], where: 'loading', problem: null }));

const inMemory = (e: unknown) => useDrawings.setState({ where: 'memory', problem: drawingsStorageProblem(e) });

let loading: Promise<void> | null = null;

/** Reads the saved drawings once per page. */
export function loadDrawings(): Promise<void> {
  loading ??= listDrawings().then((stored) => useDrawings.setState((s) => ({ drawings: [...stored, ...s.drawings], where: 'stored' })), inMemory);
  return loading;
}

/** Saves a drawing (in memory too, so it is there even when storage fails). */
export async function saveDrawing(d: Drawing): Promise<void> {
  await loadDrawings();
  let saved = d;
  if (useDrawings.getState().where === 'stored') {
    try {
      saved = { ...d, id: await putDrawing(d) };
    } catch (e) {
      inMemory(e);
    }
  }
  useDrawings.setState((s) => ({ drawings: [...s.drawings, saved] }));
}

/** Deletes every saved drawing. */
export async function deleteAllDrawings(): Promise<void> {
  await loadDrawings();
  if (useDrawings.getState().where === 'stored') {
    try {
      await clearDrawings();
    } catch (e) {
      inMemory(e);
    }
  }
  useDrawings.setState({ drawings: [] });
}
