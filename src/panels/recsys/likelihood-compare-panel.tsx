import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepArgs, SweepResult } from '../../engine/recsys-sweep';
import { familyFor } from '../../families';
import type { ClickLikelihood } from '../../models/click-likelihoods';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { CELL_STYLE, LEFT_CELL_STYLE, TABLE_STYLE, fmt, useRecsysReference } from './recsys-view';
import { SweepEpochsInput } from './sweep-epochs-input';
import { sweepCaption, useSweep } from './use-sweep';
import { fixedDigits } from '../live-lines';

export const LIKELIHOODS: readonly ClickLikelihood[] = ['multinomial', 'gaussian', 'logistic'];
const SEEDS = 3;

/** The sweep the button runs: the current model with each click likelihood, three weight seeds each. */
export const likelihoodSweepArgs = (epochs: number): SweepArgs => ({
  variants: LIKELIHOODS.map((l) => ({ label: l, settings: { clickLikelihood: l } })),
  epochs,
  seeds: SEEDS,
});

/** One bar per likelihood: mean test NDCG@100 over the seeds, with both SEs and each seed's value. */
export const likelihoodBars = (r: SweepResult) => r.summary.map((s) => ({ ...s, runs: r.points.filter((p) => p.label === s.label).map((p) => p.test.ndcg100) }));

/** Multinomial, Gaussian or logistic p(x|z) for the current Mult model: test NDCG@100 over three seeds each. */
export function LikelihoodComparePanel() {
  const reference = useRecsysReference();
  const model = useLab((s) => familyFor(s.settings).label);
  const [epochs, setEpochs] = useState(20);
  const { busy, error, run, start } = useSweep();
  const bars = run ? likelihoodBars(run.result) : [];
  const users = reference?.test.users;
  return (
    <PanelFrame name="recsys-likelihoods" title="Which likelihood?" wide>
      <p className="hint">
        Liang et al. chose the multinomial p(x|z) because the items compete for one budget of probability, which matches ranking; the Gaussian and the logistic score each item on
        its own. The button trains the current model ({model}) afresh with each likelihood, {SEEDS} weight seeds each, on this split (the current run is left as it is), and scores
        each run on the test users at its best validation epoch.
      </p>
      <p>
        <SweepEpochsInput value={epochs} onChange={setEpochs} disabled={busy} />
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={() => void start(likelihoodSweepArgs(epochs))} data-testid="likelihood-run">
          {busy ? 'Training…' : 'Compare the three likelihoods'}
        </button>
      </p>
      {error && <p className="notice error">{error}</p>}
      {run && (
        <>
          <div className="chart" data-testid="likelihood-chart" role="img" aria-label={`Mean test NDCG@100 of ${bars.length} likelihoods over ${SEEDS} seeds`}>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="label" stroke="var(--fg-dim)" />
                <YAxis domain={[0, 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(2)} />
                <Tooltip formatter={fixedDigits(3)} />
                <Bar dataKey="ndcg100" name="mean test NDCG@100" fill="var(--c1)" isAnimationActive={false}>
                  <ErrorBar dataKey="userSe" width={14} stroke="var(--fg)" />
                  <ErrorBar dataKey="seedSe" width={6} strokeWidth={3} stroke="var(--c2)" />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table style={TABLE_STYLE} data-testid="likelihood-table">
            <thead>
              <tr>
                <th style={LEFT_CELL_STYLE}>likelihood</th>
                <th style={CELL_STYLE}>mean test NDCG@100</th>
                <th style={CELL_STYLE}>± SE over {SEEDS} seeds</th>
                <th style={CELL_STYLE}>± SE over users</th>
                <th style={CELL_STYLE}>each seed</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.label}>
                  <td style={LEFT_CELL_STYLE}>{b.label}</td>
                  <td style={CELL_STYLE}>{fmt(b.ndcg100)}</td>
                  <td style={CELL_STYLE}>{fmt(b.seedSe)}</td>
                  <td style={CELL_STYLE}>{fmt(b.userSe)}</td>
                  <td style={CELL_STYLE}>{b.runs.map((v) => fmt(v)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{sweepCaption(run)}.</p>
        </>
      )}
      <p className="hint">
        Black whiskers: ± the SE over the test users (mean over seeds); coloured: ± the SE over the {SEEDS} seeds. With {users ?? '44–69'} test users (44–69 on the lab’s MovieLens
        releases) the user SE is large: bars whose error bars overlap are not told apart, and this panel does not claim a winner among them.
      </p>
    </PanelFrame>
  );
}
