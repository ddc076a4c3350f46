import { useState } from 'react';
import { useEngine } from '../../client/engine-context';
import type { SweepArgs, SweepResult } from '../../engine/recsys-sweep';
import { useLab } from '../../state/store';

/** A finished sweep and the split it ran on (a later split change leaves it on screen, labelled). */
export interface SweepRun {
  result: SweepResult;
  dataset: string;
  seed: number;
  epochs: number;
  seconds: number;
}

/** Runs the worker's `sweep` query for a panel's button: busy while it trains, its error or result after. */
export function useSweep() {
  const engine = useEngine();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<SweepRun | null>(null);
  const start = async (args: SweepArgs) => {
    const { dataset, seed } = useLab.getState().settings;
    const t0 = performance.now();
    setBusy(true);
    setError(null);
    try {
      const result = await engine.query('sweep', args);
      setRun({ result, dataset, seed, epochs: args.epochs, seconds: (performance.now() - t0) / 1000 });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, start };
}

/** "ml-100k split (seed 1), 20 epochs, 12 s": what a result was measured on. */
export const sweepCaption = (r: SweepRun): string => `${r.dataset}, split seed ${r.seed}, ${r.epochs} epochs, ${r.seconds.toFixed(0)} s`;
