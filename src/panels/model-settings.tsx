import { familyFor } from '../families';
import { useLab } from '../state/store';
import { SettingControl } from './setting-control';

/** Controls for every setting that names the current model (regularizer weights, β…). */
export function ModelSettings() {
  const model = useLab((s) => s.settings.model);
  const dataset = useLab((s) => s.settings.dataset);
  const task = useLab((s) => s.settings.task);
  const keys = familyFor({ model, dataset, task }).settings;
  if (!keys.length) return null;
  return (
    <div className="controls" data-testid="model-settings">
      {keys.map((k) => (
        <SettingControl key={k} name={k} />
      ))}
    </div>
  );
}
