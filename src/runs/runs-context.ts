import { createContext, useContext } from 'react';
import type { RunsController } from './runs-controller';

export const RunsContext = createContext<RunsController | null>(null);

export function useRuns(): RunsController {
  const runs = useContext(RunsContext);
  if (!runs) throw new Error('useRuns outside RunsContext');
  return runs;
}
