import { useEffect, useState } from 'react';
import { useLab, type LabState } from '../state/store';

/**
 * How many of a family's panels fill the first screen (the loss chart, then the weights and the
 * reconstructions beside each other, at 1400×1000): they mount with the page; the rest wait.
 */
export const FIRST_SCREEN_PANELS = 3;
/** The rest mount by then whatever happens (a run that fails to start shows its panels too). */
const LATEST_MS = 3000;

/** The first picture is on screen: the first train loss of a playing run, or a paused run's first snapshot. */
const firstPictureIn = (s: LabState) => s.snapshot !== null && (!s.running || (s.history['train/loss']?.length ?? 0) > 0);

/**
 * Whether the panels below the first screen may mount. Mounting all of them (React, recharts,
 * their first queries) took the page's thread in the very moments the worker's first loss came
 * back, delaying its drawing; they mount a task after it instead, below the fold, where they
 * push nothing the learner sees. Once true it stays true.
 */
export function useRestOfThePanels(): boolean {
  const due = useLab(firstPictureIn);
  const [rest, setRest] = useState(false);
  useEffect(() => {
    if (rest) return;
    const id = setTimeout(() => setRest(true), due ? 0 : LATEST_MS);
    return () => clearTimeout(id);
  }, [due, rest]);
  return rest;
}
