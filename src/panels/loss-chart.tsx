import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { downsample } from './downsample';

const MAX_DRAWN = 400;

/** Train and test loss against step, with the PCA optimum as dashed lines. */
export function LossChart() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const reference = useLab((s) => s.reference);
  const logScale = useLab((s) => s.settings.logScale);
  // The PCA optimum bounds the linear model's squared error; other models get no line.
  const pca = useLab((s) => s.settings.model === 'linear') ? reference : null;
  const data = useMemo(() => {
    const rows = new Map<number, { step: number; train?: number; test?: number }>();
    for (const p of downsample(history['train/loss'] ?? [], MAX_DRAWN)) rows.set(p.step, { step: p.step, train: p.value });
    for (const p of downsample(history['test/loss'] ?? [], MAX_DRAWN)) rows.set(p.step, { ...(rows.get(p.step) ?? { step: p.step }), test: p.value });
    return [...rows.values()].sort((a, b) => a.step - b.step);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [history, version]);
  const last = (name: string) => history[name]?.at(-1)?.value;
  return (
    <PanelFrame name="loss" title="Loss per image" wide>
      {pca && (
        <p className="hint">
          Squared error. Dashed: the PCA optimum for K = {pca.latent} (train {pca.pcaTrain?.toFixed(2) ?? '—'}, test{' '}
          {pca.pcaTest?.toFixed(2) ?? '—'}). A linear autoencoder can approach it but never beat it.
        </p>
      )}
      <div className="chart" data-testid="loss-chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} stroke="var(--fg-dim)" />
            <YAxis scale={logScale ? 'log' : 'linear'} domain={['auto', 'auto']} allowDataOverflow stroke="var(--fg-dim)" width={56} tickFormatter={(v: number) => v.toPrecision(3)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
            <Legend />
            <Line type="monotone" dataKey="train" name="train" stroke="var(--c1)" dot={false} isAnimationActive={false} connectNulls />
            <Line type="monotone" dataKey="test" name="test" stroke="var(--c2)" dot={false} isAnimationActive={false} connectNulls strokeWidth={2} />
            {pca?.pcaTrain != null && <ReferenceLine y={pca.pcaTrain} ifOverflow="extendDomain" stroke="var(--c1)" strokeDasharray="6 4" label={{ value: 'PCA train', position: 'insideTopRight', fill: 'var(--fg-dim)' }} />}
            {pca?.pcaTest != null && <ReferenceLine y={pca.pcaTest} ifOverflow="extendDomain" stroke="var(--c2)" strokeDasharray="6 4" label={{ value: 'PCA test', position: 'insideBottomRight', fill: 'var(--fg-dim)' }} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        train <strong data-testid="train-loss">{last('train/loss')?.toFixed(3) ?? '—'}</strong> · test{' '}
        <strong data-testid="test-loss">{last('test/loss')?.toFixed(3) ?? '—'}</strong>
      </p>
    </PanelFrame>
  );
}
