import { useEngine } from '../client/engine-context';
import { PRESETS, presetAvailable, presetSettings } from '../settings/presets';
import { useLab } from '../state/store';

/** The presets gallery: one click sets up a scenario and starts it fresh. */
export function PresetsMenu() {
  const engine = useEngine();
  const apply = async (id: string) => {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    try {
      await engine.set(presetSettings(preset, useLab.getState().settings));
      await engine.reset();
    } catch {
      // The refusal is already shown as a notice; the current run is untouched.
    }
  };
  return (
    <label className="presets">
      <span>Presets</span>
      <select value="" onChange={(e) => void apply(e.target.value)} data-testid="presets">
        <option value="">Choose a scenario…</option>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id} disabled={!presetAvailable(p)} title={p.description}>
            {p.title}
            {presetAvailable(p) ? '' : ' (coming soon)'}
          </option>
        ))}
      </select>
    </label>
  );
}
