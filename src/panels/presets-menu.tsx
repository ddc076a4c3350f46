import { useState } from 'react';
import { useEngine } from '../client/engine-context';
import { CheckpointChoice } from '../runs/checkpoint-choice';
import type { CheckpointedPreset } from '../runs/checkpoints';
import { PRESETS, presetAvailable, presetSettings } from '../settings/presets';
import { useLab } from '../state/store';

/** The presets gallery: one click sets up a scenario and starts it fresh; one with a shipped checkpoint asks where to start. */
export function PresetsMenu() {
  const engine = useEngine();
  const [offer, setOffer] = useState<CheckpointedPreset | null>(null);
  const apply = async (id: string) => {
    const preset = PRESETS.find((p) => p.id === id);
    setOffer(null);
    if (!preset) return;
    if (preset.checkpoint) return setOffer({ ...preset, checkpoint: preset.checkpoint });
    try {
      await engine.set(presetSettings(preset, useLab.getState().settings));
      await engine.reset();
    } catch {
      // The refusal is already shown as a notice; the current run is untouched.
    }
  };
  return (
    <>
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
      {/* Outside the label: one label, one control. */}
      {offer && <CheckpointChoice key={offer.id} preset={offer} showTitle onDone={() => setOffer(null)} />}
    </>
  );
}
