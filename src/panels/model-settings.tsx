import { familyOf } from '../families';
import { useLab } from '../state/store';
import { SettingControl } from './setting-control';

/** Controls for every setting that names the current model (regularizer weights, β…). */
export function ModelSettings() {
  const model = useLab((s) => s.settings.model);
  const keys = familyOf(model).settings;
  if (!keys.length) return null;
  return (
    <div className="controls" data-testid="model-settings">
      {keys.map((k) => (
        <SettingControl key={k} name={k} />
      ))}
    </div>
  );
}
