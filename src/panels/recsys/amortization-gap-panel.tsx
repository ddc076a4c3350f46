import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useEngine } from '../../client/engine-context';
import type { AmortizationGapResult } from '../../engine/recsys-amortization';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { fmt } from './recsys-view';

/** Adam steps per user to choose from; 100 is the worker's default (enough to converge on ml-100k and ml-latest-small). */
const STEP_CHOICES = [50, 100, 200, 300] as const;

/** One bar per user, largest gap first (the users' order in the part is arbitrary). */
export const sortedGaps = (r: AmortizationGapResult): { rank: number; gap: number }[] => [...r.gap].sort((a, b) => b - a).map((gap, i) => ({ rank: i + 1, gap }));

/** The amortization gap: each held-out user's q(z) fitted freely against the encoder's one-pass q(z|x). */
export function AmortizationGapPanel() {
  const engine = useEngine();
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const [part, setPart] = useState<'validation' | 'test'>('test');
  const [steps, setSteps] = useState<number>(100);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ r: AmortizationGapResult; step: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const at = step;
    try {
      setResult({ r: await engine.query('amortizationGap', { part, steps }), step: at });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const r = result?.r;
  return (
    <PanelFrame name="recsys-amortization" title="The amortization gap" wide>
      <p className="hint">
        The encoder amortizes inference: one pass per user gives q(z | x) = N(μ(x), σ²(x)), which is how “Rate a few movies yourself” folds a new user in. Here each held-out user
        instead gets their own μ and log σ², started at the encoder’s output and fitted by Adam to their own ELBO at β = 1 with the decoder fixed, on 16 fixed samples of ε. The
        gap, ELBO after − before in nats, is what the one pass costs (the encoder was trained with β ≤ 0.2, so part of it is that β, as the KL shows).
      </p>
      <p>
        <label className="control" style={{ display: 'inline-flex', marginRight: '0.6rem' }}>
          <span>Users</span>
          <select value={part} onChange={(e) => setPart(e.target.value as 'validation' | 'test')} disabled={busy}>
            <option value="test">test</option>
            <option value="validation">validation</option>
          </select>
        </label>
        <label className="control" style={{ display: 'inline-flex', marginRight: '0.6rem' }}>
          <span>Adam steps</span>
          <select value={steps} onChange={(e) => setSteps(Number(e.target.value))} disabled={busy}>
            {STEP_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={() => void run()} data-testid="amortization-run">
          {busy ? 'Fitting…' : 'Fit each user’s q(z) freely'}
        </button>
      </p>
      {error && <p className="notice error">{error}</p>}
      {r && (
        <>
          <div className="chart" data-testid="amortization-chart" role="img" aria-label={`Amortization gap in nats for each of ${r.users} ${r.part} users, largest first`}>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={sortedGaps(r)} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap={0}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
                <XAxis
                  dataKey="rank"
                  stroke="var(--fg-dim)"
                  label={{ value: 'users, largest gap first', position: 'insideBottom', offset: -4, fill: 'var(--fg-dim)' }}
                  tick={false}
                />
                <YAxis
                  stroke="var(--fg-dim)"
                  width={48}
                  tickFormatter={(v: number) => v.toPrecision(2)}
                  label={{ value: 'nats', angle: -90, position: 'insideLeft', fill: 'var(--fg-dim)' }}
                />
                <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} nats` : String(v))} labelFormatter={(l) => `user ranked ${String(l)}`} />
                <Bar dataKey="gap" name="gap" fill="var(--c2)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p className="metric" data-testid="amortization-summary">
            gap <strong>{fmt(r.gapMean, 2)}</strong> ± {fmt(r.gapSe, 2)} nats/user ({r.users} {r.part} users; on {r.freshSamples} fresh samples {fmt(r.freshGapMean, 2)} ±{' '}
            {fmt(r.freshGapSe, 2)}) · ELBO {fmt(r.elboBefore, 1)} → {fmt(r.elboAfter, 1)} (fresh {fmt(r.freshElboBefore, 1)} → {fmt(r.freshElboAfter, 1)}) · KL {fmt(r.klBefore, 1)}{' '}
            → {fmt(r.klAfter, 1)} · NDCG@100 <strong>{fmt(r.ndcgBefore)}</strong> → <strong>{fmt(r.ndcgAfter)}</strong>{' '}
            <span className="hint">
              (model at step {result.step}; {r.steps} Adam steps in {(r.ms / 1000).toFixed(1)} s)
            </span>
          </p>
        </>
      )}
    </PanelFrame>
  );
}
