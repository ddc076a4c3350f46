import { useEffect } from 'react';
import type { EngineClient } from '../client/engine-client';
import { useLab } from '../state/store';

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Space', action: 'play / pause' },
  { keys: '→', action: 'one training step (in a walkthrough: next step)' },
  { keys: '←', action: 'in a walkthrough: previous step' },
  { keys: 'r', action: 'reset: a new run with the same settings' },
  { keys: 'f', action: 'full screen for the focused panel (or the first one); again to leave' },
  { keys: '?', action: 'show or hide this list' },
];

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName));

/** Lecturer shortcuts. Ignored while typing in a field, and on the Learn view's own keys. */
export function useShortcuts(engine: EngineClient, toggleHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const { ready, running, route } = useLab.getState();
      const inLab = !route.startsWith('/learn');
      if (e.key === '?') toggleHelp();
      else if (e.key === ' ' && ready && !(e.target instanceof HTMLButtonElement)) void (running ? engine.pause() : engine.play());
      else if (e.key === 'ArrowRight' && ready && inLab && !running) void engine.step(1).catch(() => undefined);
      else if (e.key === 'r' && ready) void engine.reset().catch(() => undefined);
      else if (e.key === 'f') {
        if (document.fullscreenElement) void document.exitFullscreen();
        else {
          const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-panel]');
          void (focused ?? document.querySelector<HTMLElement>('[data-panel]'))?.requestFullscreen().catch(() => undefined);
        }
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [engine, toggleHelp]);
}
