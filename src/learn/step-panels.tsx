import { useEffect, useRef, useState, type ComponentType } from 'react';
import { LossChart } from '../panels/loss-chart';
import { PretrainingPanel } from '../panels/pretraining-panel';
import { modelPanels } from '../panels/panel-registry';
import { ReconstructionsPanel } from '../panels/reconstructions-panel';
import { Transport } from '../panels/transport';
import { WeightsPanel } from '../panels/weights-panel';
import { PanelSlot } from '../state/offscreen';
import { useLab } from '../state/store';
import type { PanelName } from './types';

const COMMON: Record<Exclude<PanelName, 'model'>, ComponentType> = {
  loss: LossChart,
  weights: WeightsPanel,
  reconstructions: ReconstructionsPanel,
  pretraining: PretrainingPanel,
};

/**
 * The live panels a step embeds, under a Transport so the learner can play, pause and
 * step right beside them. 'model' expands to the current model's own panels. The
 * highlighted panel (found by its data-panel name, so model panels work too) is outlined.
 */
export function StepPanels({ panels, highlight }: { panels: readonly PanelName[]; highlight?: string }) {
  const model = useLab((s) => s.settings.model);
  const dataset = useLab((s) => s.settings.dataset);
  const task = useLab((s) => s.settings.task);
  const ref = useRef<HTMLDivElement>(null);
  // The outlined panel's own title, read from the page so model panels need no table here.
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    if (!highlight) return;
    const el = ref.current?.querySelector<HTMLElement>(`[data-panel="${CSS.escape(highlight)}"]`);
    el?.classList.add('highlight', 'learn-highlight');
    setTitle(el?.querySelector('h2')?.textContent ?? null);
    return () => el?.classList.remove('highlight', 'learn-highlight');
  }, [highlight, model, panels]);
  return (
    <section className="learn-live" aria-label="Live lab">
      <div className="learn-transport">
        <Transport />
      </div>
      {highlight && title && (
        <p className="hint learn-look">
          Look at the outlined panel: <strong>{title}</strong>.
        </p>
      )}
      <div className="learn-panels" ref={ref} data-testid="learn-panels">
        {panels.map((name) => {
          if (name === 'model')
            return modelPanels({ model, dataset, task }).map(([id, Panel]) => (
              <PanelSlot key={`${model}-${dataset}-${id}`}>
                <Panel />
              </PanelSlot>
            ));
          const Panel = COMMON[name];
          return (
            <PanelSlot key={name}>
              <Panel />
            </PanelSlot>
          );
        })}
      </div>
    </section>
  );
}
