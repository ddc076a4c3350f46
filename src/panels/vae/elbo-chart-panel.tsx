import { useMemo } from 'react';
import { CartesianGrid, Legend, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { imageReference, useLab } from '../../state/store';
import { chartRows } from '../chart-rows';
import { PanelFrame } from '../panel-frame';
import { KL_AXIS, STEP_AXIS, UNMEASURED_TICK } from '../live-axes';
import { fixedDigits, liveLines } from '../live-lines';

const SERIES = [
  { key: 'train/reconstruction', name: 'reconstruction (train)', axis: 'nats', colour: 'var(--c1)', width: 1.5, dash: undefined },
  { key: 'train/elbo', name: '−ELBO (train)', axis: 'nats', colour: 'var(--fg)', width: 1.5, dash: undefined },
  { key: 'test/elbo', name: '−ELBO (test)', axis: 'nats', colour: 'var(--fg)', width: 2.5, dash: '6 3' },
  { key: 'train/kl', name: 'KL (train, right axis)', axis: 'kl', colour: 'var(--c2)', width: 2, dash: undefined },
] as const;

const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));

/**
 * The two terms of the ELBO against step: reconstruction E_q[−log p(x|z)] and KL(q(z|x) ‖ p(z))
 * (on its own axis: it is often 10–100× smaller), and their sum, the −ELBO, on train and test.
 */
export function ElboChartPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const likelihood = useLab((s) => s.settings.likelihood);
  const baseline = useLab((s) => imageReference(s)?.meanImageBaseline?.[s.settings.likelihood]);
  const data = useMemo(
    () => chartRows(SERIES.map(({ key }) => [key, history[key] ?? []] as const)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version],
  );
  const last = (name: string) => history[name]?.at(-1)?.value;
  return (
    <PanelFrame name="vae-elbo" title="KL against reconstruction" wide>
      <p className="hint">
        Nats per image ({likelihood === 'bernoulli' ? 'Bernoulli cross-entropy' : 'Gaussian, σ = 0.1'}). −ELBO = reconstruction + KL bounds −log p(x) from above; training minimises
        reconstruction + β·KL.
        {baseline !== undefined && ` Dotted: the mean-image decoder's test ${baseline.toFixed(1)} nats — a model that learned anything is below it.`}
      </p>
      <div className="chart" data-testid="elbo-chart" role="figure" aria-label="KL, reconstruction and −ELBO per image against training step">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis tick={UNMEASURED_TICK} interval={0} yAxisId="nats" domain={['auto', 'auto']} stroke="var(--fg-dim)" width={56} tickFormatter={(v: number) => v.toPrecision(3)} />
            <YAxis {...KL_AXIS} />
            <Tooltip formatter={fixedDigits(2)} labelFormatter={(l) => `step ${String(l)}`} />
            <Legend />
            {liveLines(SERIES)}
            {baseline !== undefined && (
              <ReferenceLine
                yAxisId="nats"
                y={baseline}
                ifOverflow="extendDomain"
                stroke="var(--fg-dim)"
                strokeDasharray="2 3"
                label={{ value: 'mean image', position: 'insideTopRight', fill: 'var(--fg-dim)' }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        reconstruction <strong data-testid="last-recon">{fmt(last('train/reconstruction'))}</strong> + KL <strong data-testid="last-kl">{fmt(last('train/kl'))}</strong> = −ELBO{' '}
        <strong data-testid="last-elbo">{fmt(last('train/elbo'))}</strong> (train) · test −ELBO <strong data-testid="test-elbo">{fmt(last('test/elbo'))}</strong>
      </p>
    </PanelFrame>
  );
}
