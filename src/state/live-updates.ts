import type { StateCreator, StoreApi } from 'zustand';

type Listener<T> = (state: T, prev: T) => void;

/**
 * A zustand middleware for live updates (a training snapshot, four a second). A zustand
 * update re-renders every subscribed component in one task (useSyncExternalStore renders
 * synchronously), so with a dozen live panels one snapshot was one long task. An update made
 * through the returned `setLive` instead notifies each subscriber in its own task (a
 * MessageChannel turn, never clamped like setTimeout): React then renders one panel per
 * task. A newer update while some are still waiting folds into them (each listener is called
 * once, with the state then and the state before its first missed update), so a main thread
 * that falls behind skips stale snapshots rather than queueing them. Any other update
 * notifies at once, as zustand does, the listeners not waiting; a waiting one hears it in its
 * own task. (It used to take them along: a runs-list refresh or a progress message every few
 * seconds then rendered every waiting panel in one task, 150–230 ms on the MovieLens view.)
 */
export function liveUpdates<T>(config: StateCreator<T>): { creator: StateCreator<T>; setLive: (partial: (s: T) => Partial<T>) => void } {
  let api: StoreApi<T> | null = null;
  let live = 0;
  const pending = new Map<Listener<T>, T>();
  const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
  let scheduled = false;
  const schedule = () => {
    if (scheduled || !pending.size) return;
    scheduled = true;
    channel!.port2.postMessage(null);
  };
  const drainOne = () => {
    scheduled = false;
    // In the order they subscribed, as zustand calls them.
    const listener = pending.keys().next().value;
    if (!listener || !api) return;
    const prev = pending.get(listener)!;
    pending.delete(listener);
    schedule();
    listener(api.getState(), prev);
  };
  if (channel) {
    channel.port1.onmessage = drainOne;
    // Node (the unit tests): a waiting port must not keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }

  const creator: StateCreator<T> = (set, get, store) => {
    api = store;
    const subscribe = store.subscribe;
    store.subscribe = (listener: Listener<T>) => {
      const wrapped: Listener<T> = (state, prev) => {
        // Waiting for its own task already: it will hear this update there too, with the state then.
        if (pending.has(listener)) return schedule();
        if (live && channel) {
          pending.set(listener, prev);
          return schedule();
        }
        listener(state, prev);
      };
      const stop = subscribe(wrapped);
      return () => {
        pending.delete(listener);
        stop();
      };
    };
    return config(set, get, store);
  };
  const setLive = (partial: (s: T) => Partial<T>) => {
    live++;
    try {
      api!.setState(partial);
    } finally {
      live--;
    }
  };
  return { creator, setLive };
}
