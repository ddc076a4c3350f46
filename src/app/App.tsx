import { BackendBadge } from '../panels/backend-badge';
import { DataPanel, pageDropHandlers } from '../panels/data-panel';
import { LossChart } from '../panels/loss-chart';
import { Notices } from '../panels/notices';
import { ProgressBar } from '../panels/progress-bar';
import { ReconstructionsPanel } from '../panels/reconstructions-panel';
import { SettingControl } from '../panels/setting-control';
import { Transport } from '../panels/transport';
import { WeightsPanel } from '../panels/weights-panel';
import { modelPanels } from '../panels/model-panels';
import { ModelSettings } from '../panels/model-settings';
import { useLab } from '../state/store';
import { useEngine } from './engine-context';

export function App() {
  const engine = useEngine();
  const model = useLab((s) => s.settings.model);
  const extraPanels = modelPanels(model);
  return (
    <div className="app" {...pageDropHandlers(engine)}>
      <header className="top">
        <h1>
          Autoencoder Lab <span className="tagline">train an autoencoder, watch it learn</span>
        </h1>
        <BackendBadge />
      </header>
      <Notices />
      <ProgressBar />
      <div className="toolbar">
        <Transport />
      </div>
      <main className="layout">
        <aside className="side">
          <section className="panel" aria-labelledby="model-title">
            <h2 id="model-title">Model</h2>
            <div className="controls">
              <SettingControl name="model" />
              <SettingControl name="latent" />
            </div>
            <ModelSettings />
            <p className="hint">↺ marks settings that start a new run; the others apply live.</p>
          </section>
          <section className="panel" aria-labelledby="training-title">
            <h2 id="training-title">Training</h2>
            <div className="controls">
              <SettingControl name="optimizer" />
              <SettingControl name="learningRate" />
              <SettingControl name="batchSize" />
              <SettingControl name="seed" />
              <SettingControl name="backend" />
            </div>
          </section>
          <DataPanel />
          <section className="panel" aria-labelledby="view-title">
            <h2 id="view-title">View</h2>
            <div className="controls">
              <SettingControl name="logScale" />
              <SettingControl name="tileScale" />
            </div>
          </section>
        </aside>
        <div className="panels">
          <LossChart />
          <WeightsPanel />
          <ReconstructionsPanel />
          {extraPanels.map((Panel, i) => (
            <Panel key={`${model}-${i}`} />
          ))}
        </div>
      </main>
    </div>
  );
}
