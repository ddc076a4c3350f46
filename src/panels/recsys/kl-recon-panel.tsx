import { useMemo } from 'react';
import { CartesianGrid, Legend, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { chartRows } from '../chart-rows';
import { PanelFrame } from '../panel-frame';
import { fmt } from './recsys-view';
import { KL_AXIS, STEP_AXIS, UNMEASURED_TICK } from '../live-axes';
import { fixedDigits, liveLines } from '../live-lines';

const SERIES = [
  { key: 'train/reconstruction', name: '−log-likelihood (train)', axis: 'nll', colour: 'var(--c1)', width: 1.5, dash: undefined },
  { key: 'test/reconstruction', name: '−log-likelihood (validation fold-in)', axis: 'nll', colour: 'var(--c1)', width: 2.5, dash: '6 3' },
  { key: 'train/kl', name: 'KL (train, right axis)', axis: 'kl', colour: 'var(--c2)', width: 2, dash: undefined },
] as const;

/** The reconstruction term the model computes, for each click likelihood (src/models/click-likelihoods.ts). */
const RECONSTRUCTION = {
  multinomial: '−Σᵢ xᵢ log softmax(f(z))ᵢ, the multinomial likelihood of the clicks',
  gaussian: '½ Σᵢ (xᵢ − f(z)ᵢ)², the Gaussian likelihood of the 0/1 clicks (up to a constant)',
  logistic: '−Σᵢ [xᵢ log σ(fᵢ) + (1 − xᵢ) log(1 − σ(fᵢ))], the per-item logistic likelihood',
} as const;

/** The Mult-VAE's two terms: the multinomial −log-likelihood of a user's clicks and KL(q(z|x) ‖ N(0, I)). */
export function KlReconPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const data = useMemo(
    () => chartRows(SERIES.map(({ key }) => [key, history[key] ?? []] as const)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version],
  );
  const last = (k: string) => history[k]?.at(-1)?.value;
  const likelihood = useLab((s) => s.settings.clickLikelihood);
  const betaCap = useLab((s) => s.settings.betaCap);
  return (
    <PanelFrame name="recsys-kl" title="KL against reconstruction" wide>
      <p className="hint">
        Nats per user. Reconstruction: {RECONSTRUCTION[likelihood]}. Training minimises it + β·KL with β ≤ {betaCap}
        {betaCap < 1 ? ': the KL is allowed to grow, so the code keeps information about each user’s taste.' : ' (the ELBO’s own weight at the end of the sweep).'}
      </p>
      <div className="chart" data-testid="recsys-kl-chart" role="img" aria-label="KL and reconstruction per user against training step">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis tick={UNMEASURED_TICK} interval={0} yAxisId="nll" domain={['auto', 'auto']} stroke="var(--fg-dim)" width={56} tickFormatter={(v: number) => v.toPrecision(3)} />
            <YAxis {...KL_AXIS} />
            <Tooltip formatter={fixedDigits(2)} labelFormatter={(l) => `step ${String(l)}`} />
            <Legend />
            {liveLines(SERIES)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        reconstruction <strong data-testid="recsys-last-recon">{fmt(last('train/reconstruction'), 2)}</strong> · KL{' '}
        <strong data-testid="recsys-last-kl">{fmt(last('train/kl'), 2)}</strong> · β <strong>{fmt(last('train/beta'), 3)}</strong> (train)
      </p>
    </PanelFrame>
  );
}
