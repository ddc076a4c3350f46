import { useState } from 'react';
import { CartesianGrid, ErrorBar, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepArgs, SweepResult } from '../../engine/recsys-sweep';
import type { BaselineResult } from '../../engine/recsys-types';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { CELL_STYLE, LEFT_CELL_STYLE, TABLE_STYLE, fmt, useRecsysExtras, useRecsysReference } from './recsys-view';
import { SweepEpochsInput } from './sweep-epochs-input';
import { sweepCaption, useSweep } from './use-sweep';
import { fixedDigits } from '../live-lines';

export const RANKS = [8, 32, 128, 512] as const;

/** The sweep the button runs: the linear autoencoder at each rank K, one seed. */
export const rankSweepArgs = (epochs: number): SweepArgs => ({
  variants: RANKS.map((k) => ({ label: `K = ${k}`, settings: { model: 'linear', latent: k } })),
  epochs,
});

/** One chart point per rank: test NDCG@100 ± its SE over the test users. */
export const rankPoints = (r: SweepResult) => r.points.map((p) => ({ k: p.settings.latent ?? 0, ndcg: p.test.ndcg100, userSe: p.test.se.ndcg100, bestEpoch: p.bestEpoch }));

/** The EASE line: the fit at the current λ if there is one, else the latest fit. */
export const easeLine = (baselines: readonly BaselineResult[], lambda: number): BaselineResult | undefined => {
  const fits = baselines.filter((b) => b.model === 'ease');
  return fits.find((b) => b.lambda === lambda) ?? fits.at(-1);
};

/** Test NDCG@100 of the rank-K linear autoencoder against K, with EASE (full rank) and popularity as lines. */
export function RankSweepPanel() {
  const extras = useRecsysExtras();
  const reference = useRecsysReference();
  const lambda = useLab((s) => s.settings.easeLambda);
  const [epochs, setEpochs] = useState(20);
  const { busy, error, run, start } = useSweep();
  const baselines = extras?.baselines ?? reference?.baselines ?? [];
  const ease = easeLine(baselines, lambda);
  const popularity = baselines.find((b) => b.model === 'popularity');
  const data = run ? rankPoints(run.result) : [];
  return (
    <PanelFrame name="recsys-rank-sweep" title="Rank K → NDCG@100" wide>
      <p className="hint">
        Liang’s “back to the linear autoencoder”: x̂_u = x̃_u V Qᵀ of rank K approaches the full-rank item–item model (EASE, diag B = 0) as K grows. The button trains the linear
        autoencoder afresh at each K on this split (the current run is left as it is) and scores each on the test users at its best validation epoch; bars are ± the SE over those
        users.
      </p>
      <p>
        <SweepEpochsInput value={epochs} onChange={setEpochs} disabled={busy} />
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={() => void start(rankSweepArgs(epochs))} data-testid="rank-sweep-run">
          {busy ? 'Training…' : `Train K = ${RANKS.join(', ')}`}
        </button>
      </p>
      {error && <p className="notice error">{error}</p>}
      {run && (
        <>
          <div className="chart" data-testid="rank-sweep-chart" role="img" aria-label={`Test NDCG@100 against rank K for K = ${RANKS.join(', ')}`}>
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
                <XAxis
                  dataKey="k"
                  type="number"
                  scale="log"
                  domain={[RANKS[0] / 2, RANKS[RANKS.length - 1] * 2]}
                  ticks={[...RANKS]}
                  stroke="var(--fg-dim)"
                  label={{ value: 'rank K (log scale)', position: 'insideBottom', offset: -8, fill: 'var(--fg-dim)' }}
                />
                <YAxis domain={[0, 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(2)} />
                <Tooltip formatter={fixedDigits(3)} labelFormatter={(l) => `K = ${String(l)}`} />
                <Line dataKey="ndcg" name="test NDCG@100" stroke="var(--c1)" strokeWidth={2} isAnimationActive={false}>
                  <ErrorBar dataKey="userSe" width={6} stroke="var(--fg)" />
                </Line>
                {ease && (
                  <ReferenceLine
                    y={ease.test.ndcg100}
                    ifOverflow="extendDomain"
                    stroke="var(--fg)"
                    strokeDasharray="6 4"
                    label={{ value: `${ease.label}`, position: 'insideTopRight', fill: 'var(--fg-dim)' }}
                  />
                )}
                {popularity && (
                  <ReferenceLine
                    y={popularity.test.ndcg100}
                    ifOverflow="extendDomain"
                    stroke="var(--fg-dim)"
                    strokeDasharray="2 4"
                    label={{ value: 'Popularity', position: 'insideBottomRight', fill: 'var(--fg-dim)' }}
                  />
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table style={TABLE_STYLE} data-testid="rank-sweep-table">
            <thead>
              <tr>
                <th style={LEFT_CELL_STYLE}>K</th>
                <th style={CELL_STYLE}>test NDCG@100 ± SE (users)</th>
                <th style={CELL_STYLE}>best epoch</th>
              </tr>
            </thead>
            <tbody>
              {data.map((p) => (
                <tr key={p.k}>
                  <td style={LEFT_CELL_STYLE}>{p.k}</td>
                  <td style={CELL_STYLE}>
                    {fmt(p.ndcg)} ± {fmt(p.userSe)}
                  </td>
                  <td style={CELL_STYLE}>{p.bestEpoch}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="hint" data-testid="rank-sweep-lines">
        {ease ? `EASE ${fmt(ease.test.ndcg100)} ± ${fmt(ease.test.se.ndcg100)} (λ = ${ease.lambda ?? '?'})` : 'EASE: fit EASE (choose it as the model) to draw its line'}
        {popularity && ` · popularity ${fmt(popularity.test.ndcg100)}`}
        {run && ` · ${sweepCaption(run)}`}.
      </p>
    </PanelFrame>
  );
}
