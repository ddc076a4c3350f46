import { appendAll, type History } from '../engine/history';

/**
 * A reopened run's history: the saved one, then what the worker measured on the imported
 * weights (their step on; one value per step). The fresh model's points (step 0), which may
 * arrive while the run is being reopened, are left out.
 */
export function reopenedHistory(saved: History, current: History, step: number): History {
  const history = structuredClone(saved);
  appendAll(history, Object.fromEntries(Object.entries(current).map(([name, points]) => [name, points.filter((p) => p.step >= step)])));
  return history;
}
