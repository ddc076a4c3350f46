import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { liveUpdates } from '../../src/state/live-updates';

interface S {
  n: number;
  label: string;
}

/** A store like the lab's, with its setLive. */
function makeStore() {
  const live = liveUpdates<S>(() => ({ n: 0, label: 'a' }));
  return { store: create<S>()(live.creator), setLive: live.setLive };
}

/** Lets one macrotask run (a MessageChannel turn is one). */
const turn = () => new Promise<void>((r) => setTimeout(r, 0));

describe('live updates (a snapshot: one subscriber per task)', () => {
  it('notifies no subscriber in the updating task, then each in a later one, all of them', async () => {
    const { store, setLive } = makeStore();
    const heard: string[] = [];
    store.subscribe((s) => heard.push(`first ${s.n}`));
    store.subscribe((s) => heard.push(`second ${s.n}`));
    store.subscribe((s) => heard.push(`third ${s.n}`));
    setLive((s) => ({ n: s.n + 1 }));
    // The update is in the state at once (lab.metrics() reads it); the subscribers hear later.
    expect(store.getState().n).toBe(1);
    expect(heard).toEqual([]);
    for (let i = 0; i < 10 && heard.length < 3; i++) await turn();
    expect(heard).toEqual(['first 1', 'second 1', 'third 1']);
  });

  it('folds updates the subscribers have not heard yet into one call, with the state before the first', async () => {
    const { store, setLive } = makeStore();
    const calls: [number, number][] = [];
    store.subscribe((s, prev) => calls.push([s.n, prev.n]));
    setLive(() => ({ n: 1 }));
    setLive(() => ({ n: 2 }));
    setLive(() => ({ n: 3 }));
    for (let i = 0; i < 10; i++) await turn();
    expect(calls).toEqual([[3, 0]]);
  });

  it('an ordinary update notifies a subscriber that is not waiting at once', () => {
    const { store } = makeStore();
    const calls: [string, string][] = [];
    store.subscribe((s, prev) => calls.push([s.label, prev.label]));
    store.setState({ label: 'b' });
    expect(calls).toEqual([['b', 'a']]);
  });

  it('an ordinary update leaves a waiting subscriber waiting: it hears both in its own task, with the state before the first', async () => {
    const { store, setLive } = makeStore();
    const calls: [number, string, number][] = [];
    store.subscribe((s, prev) => calls.push([s.n, s.label, prev.n]));
    setLive(() => ({ n: 5 }));
    store.setState({ label: 'b' });
    // Not in the updating task: the waiting panels would all render in it (one long task).
    expect(calls).toEqual([]);
    for (let i = 0; i < 10; i++) await turn();
    expect(calls).toEqual([[5, 'b', 0]]);
  });

  it('an unsubscribed listener hears nothing more', async () => {
    const { store, setLive } = makeStore();
    let heard = 0;
    const stop = store.subscribe(() => heard++);
    setLive(() => ({ n: 1 }));
    stop();
    for (let i = 0; i < 10; i++) await turn();
    expect(heard).toBe(0);
  });
});
