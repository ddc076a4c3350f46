import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { EngineClient } from '../client/engine-client';
import { EngineContext } from '../client/engine-context';
import { RunsContext } from '../runs/runs-context';
import type { RunsController } from '../runs/runs-controller';
import { App } from './App';

/** Draws the page. main.tsx loads this (React DOM, the views, the charts) after the worker has started. */
export function renderApp(engine: EngineClient, runs: RunsController): void {
  performance.mark('lab:render-app');
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <EngineContext.Provider value={engine}>
        <RunsContext.Provider value={runs}>
          <App />
        </RunsContext.Provider>
      </EngineContext.Provider>
    </StrictMode>,
  );
}
