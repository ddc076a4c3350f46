import { DataPanel } from '../panels/data-panel';
import { hiddenList } from '../panels/hidden-panels';
import { familyPanels } from '../panels/panel-registry';
import { ModelSettings } from '../panels/model-settings';
import { SettingControl } from '../panels/setting-control';
import { Transport } from '../panels/transport';
import { RunsPanel } from '../runs/runs-panel';
import { PanelSlot } from '../state/offscreen';
import { useLab } from '../state/store';

/** The lab: controls on the side, live panels in the main area. */
export function LabView() {
  const model = useLab((s) => s.settings.model);
  const dataset = useLab((s) => s.settings.dataset);
  const task = useLab((s) => s.settings.task);
  // The family lists its panels: pixel tiles and comparisons for images, ranking panels for the recommenders.
  // A hidden panel is not mounted at all, so its live queries stop costing the worker time too.
  const hidden = hiddenList(useLab((s) => s.settings.hiddenPanels));
  const panels = familyPanels({ model, dataset, task }).filter(([id]) => !hidden.includes(id));
  return (
    <>
      <div className="toolbar">
        <Transport />
      </div>
      <main className="layout" id="main">
        <aside className="side" aria-label="Settings">
          <section className="panel" aria-labelledby="model-title">
            <h2 id="model-title">Model</h2>
            <div className="controls">
              <SettingControl name="model" />
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
          <RunsPanel />
          <section className="panel" aria-labelledby="view-title">
            <h2 id="view-title">View</h2>
            <div className="controls">
              <SettingControl name="logScale" />
              <SettingControl name="tileScale" />
              <SettingControl name="present" />
              <SettingControl name="controls" />
              <SettingControl name="hiddenPanels" />
            </div>
          </section>
        </aside>
        <div className="panels">
          {panels.map(([id, Panel]) => (
            <PanelSlot key={`${model}-${id}`}>
              <Panel />
            </PanelSlot>
          ))}
        </div>
      </main>
    </>
  );
}
