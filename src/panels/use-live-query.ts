import { useCallback, useEffect, useRef, useState } from 'react';
import { useLab } from '../state/store';

/**
 * While training runs, a live query holds the worker (no step runs meanwhile) at most this
 * share of the time: one that took d ms waits at least d·(1/share − 1) after it ends. A slow
 * read-out (the code map's PCA of 1,024-unit codes: seconds) would otherwise run back to back
 * and starve training; a quick one (milliseconds), or any one while paused, is paced by `minMs`.
 */
export const LIVE_QUERY_SHARE = 0.1;

interface LiveState {
  busy: boolean;
  dirty: boolean;
  last: number;
  /** When the last call may be followed by the next, by its duration (LIVE_QUERY_SHARE). */
  nextAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  alive: boolean;
}

/**
 * Runs `run` (a worker query) whenever `key` changes, at most once every `minMs`
 * milliseconds and never twice at once: changes that arrive meanwhile collapse into one
 * more call after the current one. So a panel can follow every snapshot and every pointer
 * move without queueing work in the worker. `run` null: nothing to ask yet.
 */
export function useLiveQuery<T>(run: (() => Promise<T>) | null, key: readonly unknown[], minMs: number): { value: T | null; error: string | null } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useRef<LiveState>({ busy: false, dirty: false, last: 0, nextAt: 0, timer: undefined, alive: true });
  const runRef = useRef(run);
  runRef.current = run;

  const fire = useCallback((): void => {
    const st = state.current;
    const f = runRef.current;
    if (!st.alive || !f) return;
    if (st.busy) {
      st.dirty = true;
      return;
    }
    const wait = Math.max(st.last + minMs, useLab.getState().running ? st.nextAt : 0) - Date.now();
    if (wait > 0) {
      st.timer ??= setTimeout(() => {
        st.timer = undefined;
        fire();
      }, wait);
      return;
    }
    st.busy = true;
    st.dirty = false;
    st.last = Date.now();
    f()
      .then(
        (v) => {
          if (!st.alive) return;
          setValue(v);
          setError(null);
        },
        (e: Error) => st.alive && setError(e.message),
      )
      .finally(() => {
        st.busy = false;
        const took = Date.now() - st.last;
        st.nextAt = Date.now() + took * (1 / LIVE_QUERY_SHARE - 1);
        if (st.dirty) fire();
      });
  }, [minMs]);

  // Declared first so it runs first: a remount (StrictMode) is alive before it fires.
  useEffect(() => {
    const st = state.current;
    st.alive = true;
    return () => {
      st.alive = false;
      clearTimeout(st.timer);
      st.timer = undefined;
    };
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's key array says when to ask again
  useEffect(fire, key);
  return { value, error };
}
