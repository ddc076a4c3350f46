import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { decodeHash } from '../settings/url-hash';
import { notify, useLab } from '../state/store';
import { App } from './App';
import { EngineClient, writeHash } from '../client/engine-client';
import { EngineContext } from '../client/engine-context';
import { createLabApi } from './lab-api';
import { followHash } from '../client/router';
import { RunsContext } from '../runs/runs-context';
import { RunsController } from '../runs/runs-controller';
import './styles.css';

const { route, settings, notices } = decodeHash(location.hash);
useLab.setState({ route });
const engine = new EngineClient();
followHash(engine);
const runs = new RunsController(engine);
void runs.start();
window.lab = createLabApi(engine);
engine.start(settings);
writeHash(settings);
for (const n of notices) notify('error', n);
// Start training as soon as the model is ready, unless the link asks for a paused lab.
if (!new URLSearchParams(location.search).has('paused')) void engine.ready().then(() => engine.play());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineContext.Provider value={engine}>
      <RunsContext.Provider value={runs}>
        <App />
      </RunsContext.Provider>
    </EngineContext.Provider>
  </StrictMode>,
);
