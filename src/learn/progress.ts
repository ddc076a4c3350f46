/**
 * A learner's progress through the walkthroughs, kept in localStorage under one key
 * per chapter ("autoencoder-lab.learn.<chapter>") holding the 1-based step numbers
 * visited and completed, and the last step seen. Storage may be missing or throw
 * (private browsing, quota): progress then lives for the session only.
 */
export interface ChapterProgress {
  visited: number[];
  completed: number[];
  /** The last step visited (1-based), or null. */
  last: number | null;
}

export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface ProgressStore {
  get(chapterId: string): ChapterProgress;
  markVisited(chapterId: string, step: number): void;
  markCompleted(chapterId: string, step: number): void;
  clear(chapterIds: readonly string[]): void;
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export const PROGRESS_PREFIX = 'autoencoder-lab.learn.';

const EMPTY: ChapterProgress = Object.freeze({ visited: [], completed: [], last: null }) as ChapterProgress;

const stepList = (v: unknown): number[] => (Array.isArray(v) ? [...new Set(v.filter((n): n is number => Number.isInteger(n) && n >= 1))].sort((a, b) => a - b) : []);

/** Reads one stored chapter, ignoring anything malformed. */
export function parseProgress(raw: string | null): ChapterProgress {
  if (!raw) return EMPTY;
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) return EMPTY;
    const last = Number.isInteger(o.last) && (o.last as number) >= 1 ? (o.last as number) : null;
    return { visited: stepList(o.visited), completed: stepList(o.completed), last };
  } catch {
    return EMPTY;
  }
}

export function createProgressStore(storage: ProgressStorage | null): ProgressStore {
  // Cached per chapter so get() returns the same object until it changes (React snapshots).
  const cache = new Map<string, ChapterProgress>();
  const listeners = new Set<() => void>();

  const read = (id: string): ChapterProgress => {
    const hit = cache.get(id);
    if (hit) return hit;
    let raw: string | null = null;
    try {
      raw = storage?.getItem(PROGRESS_PREFIX + id) ?? null;
    } catch {
      raw = null;
    }
    const p = parseProgress(raw);
    cache.set(id, p);
    return p;
  };

  const write = (id: string, p: ChapterProgress) => {
    cache.set(id, p);
    try {
      storage?.setItem(PROGRESS_PREFIX + id, JSON.stringify(p));
    } catch {
      // Full or unavailable storage: keep the in-memory copy.
    }
    listeners.forEach((l) => l());
  };

  const add = (xs: number[], n: number) => (xs.includes(n) ? xs : [...xs, n].sort((a, b) => a - b));

  return {
    get: read,
    markVisited(id, step) {
      const p = read(id);
      if (p.visited.includes(step) && p.last === step) return;
      write(id, { ...p, visited: add(p.visited, step), last: step });
    },
    markCompleted(id, step) {
      const p = read(id);
      if (p.completed.includes(step) && p.visited.includes(step)) return;
      write(id, { ...p, visited: add(p.visited, step), completed: add(p.completed, step) });
    },
    clear(ids) {
      for (const id of ids) {
        cache.set(id, EMPTY);
        try {
          storage?.removeItem(PROGRESS_PREFIX + id);
        } catch {
          // Nothing to do: the in-memory copy is cleared.
        }
      }
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Completed steps that still exist (a chapter may have been shortened since). */
export function completedCount(p: ChapterProgress, steps: number): number {
  return p.completed.filter((s) => s <= steps).length;
}
