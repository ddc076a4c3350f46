import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useEngine } from '../client/engine-context';
import type { PretrainArgs, PretrainResult } from '../engine/pretrain';
import type { Activation } from '../models/activations';
import { parseHiddenLayers } from '../settings/regularizer-settings';
import { imageReference, useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { PRETRAIN_PANEL_RUN, pretrainFigures, pretrainSentence } from './pretrain-verdict';
import { fixedDigits } from './live-lines';

/** Without hidden layers in the settings there is nothing to stack: this network instead. */
const FALLBACK_LAYERS = [256, 32];
const ACTIVATIONS: { value: Activation; label: string }[] = [
  { value: 'sigmoid', label: 'sigmoid' },
  { value: 'relu', label: 'ReLU' },
  { value: 'tanh', label: 'tanh' },
];
const TABLE_STYLE = { borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums' } as const;
const CELL = { padding: '0 0.6rem', textAlign: 'right' } as const;
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');

/** The two fine-tuning curves on one step axis (the random one runs on for the pre-training's updates). */
function chartRows(r: PretrainResult): { step: number; pretrained?: number; random?: number }[] {
  const rows = new Map<number, { step: number; pretrained?: number; random?: number }>();
  for (const p of r.random) rows.set(p.step, { step: p.step, random: p.loss });
  for (const p of r.pretrained) rows.set(p.step, { ...(rows.get(p.step) ?? { step: p.step }), pretrained: p.loss });
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

/**
 * Greedy layer-wise pre-training (Hinton & Salakhutdinov 2006; Bengio et al. 2007, with
 * autoencoders): each layer trained as an autoencoder on the codes of the layers below, then the
 * stack fine-tuned end to end, against the same stack from its random init on the same seed.
 * Runs on demand in the worker (the current run is left as it is); the progress bar can cancel it.
 */
export function PretrainingPanel() {
  const engine = useEngine();
  const settings = useLab((s) => s.settings);
  const progress = useLab((s) => s.progress);
  const image = useLab(imageReference)?.image;
  const inputDim = image ? image.width * image.height * image.channels : null;
  const hidden = parseHiddenLayers(settings.hiddenLayers);
  const layers = hidden.length ? [...hidden, settings.latent] : FALLBACK_LAYERS;
  const [activation, setActivation] = useState<Activation>(settings.activation);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PretrainResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const args: PretrainArgs = { layers, activation, seed: settings.seed, ...PRETRAIN_PANEL_RUN };
  const run = () => {
    setBusy(true);
    setError(null);
    engine
      .query('pretrainComparison', args)
      .then(setResult, (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const rows = useMemo(() => (result ? chartRows(result) : []), [result]);
  const figures = result ? pretrainFigures(result) : null;
  const shape = (r: { widths: number[] }) => [...r.widths, ...r.widths.slice(0, -1).reverse()].join('-');
  return (
    <PanelFrame name="pretraining" title="Pre-training, layer by layer" wide>
      <p className="hint">
        Greedy pre-training: layer 1 is trained as an autoencoder on the pixels, layer 2 as one on layer 1’s codes, and so on; the deep autoencoder then starts from those weights
        and is fine-tuned end to end. The comparison is the same network from its random start, same seed and batch order. Both curves are the test error per image (squared); the
        random run goes on for the updates pre-training spent.
      </p>
      <p>
        <label className="control" style={{ display: 'inline-flex', marginRight: '0.6rem' }}>
          <span>Units</span>
          <select value={activation} onChange={(e) => setActivation(e.target.value as Activation)} disabled={busy} data-testid="pretraining-activation">
            {ACTIVATIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={run} data-testid="pretraining-run">
          {busy ? 'Training…' : `Pre-train ${[settings.dataSize === 'full' ? '' : '', layers.length].join('')} layers, then fine-tune`}
        </button>
      </p>
      <p className="hint">
        Network {[inputDim ?? 'D', ...layers].join('-')}, mirrored; {PRETRAIN_PANEL_RUN.stepsPerLayer} updates per layer, {PRETRAIN_PANEL_RUN.fineTuneSteps} fine-tuning steps
        {hidden.length ? '' : ' (the current settings have no hidden layer to stack, so this one)'}.
      </p>
      {busy && progress?.label && (
        <p className="hint" role="status" data-testid="pretraining-progress">
          {progress.label}
          {progress.fraction !== null && ` (${Math.round(progress.fraction * 100)}%)`}
        </p>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {result && figures && (
        <>
          <div className="chart" data-testid="pretraining-chart" role="img" aria-label="Test error per image against end-to-end step, pre-trained and from random init">
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
                <XAxis
                  dataKey="step"
                  type="number"
                  domain={[0, 'dataMax']}
                  stroke="var(--fg-dim)"
                  label={{ value: 'end-to-end step', position: 'insideBottom', offset: -8, fill: 'var(--fg-dim)' }}
                />
                <YAxis domain={[0, 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toPrecision(3)} />
                <Tooltip formatter={fixedDigits(2)} labelFormatter={(l) => `step ${String(l)}`} />
                <Legend verticalAlign="top" />
                <Line dataKey="pretrained" name="pre-trained, fine-tuned" stroke="var(--c1)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
                <Line dataKey="random" name="random init" stroke="var(--c2)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
                <ReferenceLine
                  x={result.fineTuneSteps}
                  stroke="var(--fg-dim)"
                  strokeDasharray="4 4"
                  label={{ value: `+${result.pretrainUpdates} updates →`, position: 'insideTopRight', fill: 'var(--fg-dim)' }}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table
            style={TABLE_STYLE}
            data-testid="pretraining-table"
            data-start-pretrained={figures.startPretrained}
            data-end-pretrained={figures.endPretrained}
            data-end-random={figures.endRandom}
          >
            <caption className="hint">
              {shape(result)}, {result.activation}, seed {result.seed}: test error per image ({result.seconds.toFixed(1)} s)
            </caption>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" style={CELL}>
                  step 0
                </th>
                <th scope="col" style={CELL}>
                  step {result.fineTuneSteps}
                </th>
                <th scope="col" style={CELL}>
                  step {result.fineTuneSteps + result.pretrainUpdates}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">pre-trained</th>
                <td style={CELL}>{fmt(figures.startPretrained)}</td>
                <td style={CELL}>{fmt(figures.endPretrained)}</td>
                <td style={CELL}>—</td>
              </tr>
              <tr>
                <th scope="row">random init</th>
                <td style={CELL}>{fmt(figures.startRandom)}</td>
                <td style={CELL}>{fmt(figures.endRandom)}</td>
                <td style={CELL}>{fmt(figures.equalUpdatesRandom)}</td>
              </tr>
            </tbody>
          </table>
          <p className="hint">
            Each layer’s own reconstruction error (test), before → after its {result.stepsPerLayer} updates:{' '}
            {result.rungs.map((g, i) => `layer ${i + 1} (${g.inputDim}→${g.width}) ${fmt(g.curve[0].loss)} → ${fmt(g.curve.at(-1)!.loss)}`).join('; ')}.
          </p>
          <p data-testid="pretraining-verdict">{pretrainSentence(result)}</p>
        </>
      )}
    </PanelFrame>
  );
}
