import { createContext, createElement, useContext, useEffect, useReducer, useRef, useState, type ReactNode, type RefObject } from 'react';

/**
 * Whether a panel can be seen. A panel nobody can see (scrolled out of view beyond a margin, or
 * in a background tab) holds its store reads still (`useHeld`), so a training snapshot does not
 * re-render it, re-query the worker or re-draw what is not on screen. Seen again, it reads the
 * state at once. Going off screen re-renders nothing: the flag is read when the store next changes.
 */
export class Sight {
  offscreen = false;
  private readonly shown = new Set<() => void>();
  set(offscreen: boolean): void {
    if (offscreen === this.offscreen) return;
    this.offscreen = offscreen;
    if (!offscreen) this.shown.forEach((wake) => wake());
  }
  /** Calls `wake` each time the panel comes back into sight; returns the unsubscribe. */
  onShown(wake: () => void): () => void {
    this.shown.add(wake);
    return () => void this.shown.delete(wake);
  }
}

const PanelSight = createContext<Sight | null>(null);

/** Around a panel component (above its hooks): its PanelFrame reports what can be seen, its store reads follow. */
export function PanelSlot({ children }: { children: ReactNode }) {
  const [sight] = useState(() => new Sight());
  return createElement(PanelSight.Provider, { value: sight }, children);
}

/** How far outside the viewport a panel still counts as seen: one just below the fold is fresh when scrolled to. */
const MARGIN = '200px 0px';

/** Watches the panel's element and the tab, and tells its slot's Sight (none outside a slot: always seen). */
export function useSightOf(ref: RefObject<Element | null>, mounted: boolean): void {
  const sight = useContext(PanelSight);
  useEffect(() => {
    const el = ref.current;
    if (!sight || !mounted || !el || typeof IntersectionObserver === 'undefined') return;
    let inView = true;
    const update = () => sight.set(!inView || document.hidden);
    const observer = new IntersectionObserver(
      (entries) => {
        inView = entries[entries.length - 1]!.isIntersecting;
        update();
      },
      { rootMargin: MARGIN },
    );
    observer.observe(el);
    document.addEventListener('visibilitychange', update);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', update);
      sight.set(false);
    };
  }, [ref, sight, mounted]);
}

/**
 * The selector as a store hook should call it: inside a panel off screen it returns what it
 * returned last (no change, so no re-render); elsewhere, or once the panel is seen again (it
 * re-renders then), it reads the state. Off screen it still reads once whenever `layout(state)`
 * changes (an element differs): what sets a panel's size (the data's shape, the settings, the
 * first snapshot) is current before anyone scrolls to it, so seeing it shifts nothing.
 */
export function useHeld<S, T>(selector: (state: S) => T, layout: (state: S) => readonly unknown[] = () => []): (state: S) => T {
  const sight = useContext(PanelSight);
  const last = useRef<{ value: T; layout: readonly unknown[] } | null>(null);
  const [, wake] = useReducer((n: number) => n + 1, 0);
  useEffect(() => sight?.onShown(wake), [sight]);
  return (state) => {
    const held = last.current;
    const now = layout(state);
    if (sight?.offscreen && held && sameLayout(held.layout, now)) return held.value;
    const value = selector(state);
    last.current = { value, layout: now };
    return value;
  };
}

const sameLayout = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
