import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { decodeHash } from '../settings/url-hash';
import { notify } from '../state/store';
import { App } from './App';
import { EngineClient, writeHash } from './engine-client';
import { EngineContext } from './engine-context';
import { createLabApi } from './lab-api';
import './styles.css';

const { settings, notices } = decodeHash(location.hash);
const engine = new EngineClient();
window.lab = createLabApi(engine);
engine.start(settings);
writeHash(settings);
for (const n of notices) notify('error', n);
// Start training as soon as the model is ready, unless the link asks for a paused lab.
if (!new URLSearchParams(location.search).has('paused')) void engine.ready().then(() => engine.play());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineContext.Provider value={engine}>
      <App />
    </EngineContext.Provider>
  </StrictMode>,
);
