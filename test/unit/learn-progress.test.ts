import { describe, expect, it } from 'vitest';
import { completedCount, createProgressStore, parseProgress, PROGRESS_PREFIX, type ProgressStorage } from '../../src/learn/progress';

/** An in-memory localStorage. */
function memoryStorage(): ProgressStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('progress store', () => {
  it('starts empty', () => {
    expect(createProgressStore(memoryStorage()).get('vae')).toEqual({ visited: [], completed: [], last: null });
  });

  it('records visited and completed steps per chapter, sorted and without duplicates', () => {
    const storage = memoryStorage();
    const store = createProgressStore(storage);
    store.markVisited('vae', 3);
    store.markVisited('vae', 1);
    store.markVisited('vae', 3);
    store.markCompleted('vae', 3);
    store.markCompleted('linear-pca', 2);
    expect(store.get('vae')).toEqual({ visited: [1, 3], completed: [3], last: 3 });
    // Completing a step also counts as visiting it; `last` is the last step visited.
    expect(store.get('linear-pca')).toEqual({ visited: [2], completed: [2], last: null });
    expect([...storage.data.keys()].sort()).toEqual([`${PROGRESS_PREFIX}linear-pca`, `${PROGRESS_PREFIX}vae`]);
  });

  it('survives a reload: a new store on the same storage reads it back', () => {
    const storage = memoryStorage();
    const a = createProgressStore(storage);
    a.markVisited('sparse', 1);
    a.markVisited('sparse', 2);
    a.markCompleted('sparse', 1);
    const b = createProgressStore(storage);
    expect(b.get('sparse')).toEqual({ visited: [1, 2], completed: [1], last: 2 });
  });

  it('returns the same object until the chapter changes (stable React snapshots)', () => {
    const store = createProgressStore(memoryStorage());
    const first = store.get('vae');
    expect(store.get('vae')).toBe(first);
    store.markVisited('vae', 1);
    const second = store.get('vae');
    expect(second).not.toBe(first);
    store.markVisited('vae', 1); // no change
    expect(store.get('vae')).toBe(second);
  });

  it('notifies subscribers on change only, and stops after unsubscribing', () => {
    const store = createProgressStore(memoryStorage());
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.markVisited('vae', 1);
    store.markVisited('vae', 1);
    store.markCompleted('vae', 1);
    store.markCompleted('vae', 1);
    expect(calls).toBe(2);
    off();
    store.markVisited('vae', 2);
    expect(calls).toBe(2);
  });

  it('clears the given chapters', () => {
    const storage = memoryStorage();
    const store = createProgressStore(storage);
    store.markCompleted('vae', 1);
    store.markCompleted('sparse', 1);
    store.clear(['vae']);
    expect(store.get('vae').completed).toEqual([]);
    expect(store.get('sparse').completed).toEqual([1]);
    expect(storage.data.has(`${PROGRESS_PREFIX}vae`)).toBe(false);
    expect(createProgressStore(storage).get('vae').visited).toEqual([]);
  });

  it('ignores malformed stored values', () => {
    expect(parseProgress('not json')).toEqual({ visited: [], completed: [], last: null });
    expect(parseProgress('null')).toEqual({ visited: [], completed: [], last: null });
    expect(parseProgress('{"visited":[2,"x",0,-1,2.5,1,2],"completed":"all","last":-3}')).toEqual({ visited: [1, 2], completed: [], last: null });
  });

  it('keeps working in memory when storage throws or is missing', () => {
    const broken: ProgressStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    for (const storage of [broken, null]) {
      const store = createProgressStore(storage);
      store.markVisited('vae', 2);
      store.markCompleted('vae', 2);
      expect(store.get('vae')).toEqual({ visited: [2], completed: [2], last: 2 });
      store.clear(['vae']);
      expect(store.get('vae').visited).toEqual([]);
    }
  });

  it('counts completed steps that still exist', () => {
    expect(completedCount({ visited: [1, 2, 7], completed: [1, 2, 7], last: 7 }, 4)).toBe(2);
  });
});
