import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { activeThresholdOf, codeHistogramRange, floatsOf, formatTick, fractionHistogram, histogramRows, numberOf } from './code-view';
import { UNIT_MEANS_BOX, UnitMeansCanvas } from './unit-means-canvas';

const FRACTION_BINS = 20;
const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

/**
 * What a sparsity penalty does to the code, on 500 test digits: the histogram of all code
 * values, each unit's mean activation ρ̂_k against the target ρ (dead units ticked in red),
 * and how many units each input switches on.
 */
export function CodeActivityPanel() {
  const diagnostics = useLab((s) => s.snapshot?.diagnostics);
  const activation = useLab((s) => s.settings.activation);
  const klTarget = useLab((s) => (s.settings.model === 'sparse' && s.settings.sparsityKind === 'kl' ? s.settings.sparsityTarget : null));
  const [sorted, setSorted] = useState(false);
  const counts = floatsOf(diagnostics, 'codeHistogram');
  const means = floatsOf(diagnostics, 'unitMeans');
  const dead = floatsOf(diagnostics, 'deadMask');
  const perInput = floatsOf(diagnostics, 'activePerInput');
  const deadCount = numberOf(diagnostics, 'deadUnits');
  const [lo, hi] = codeHistogramRange(activation);
  const threshold = activeThresholdOf(activation);
  const histogram = useMemo(() => (counts ? histogramRows(counts, lo, hi) : []), [counts, lo, hi]);
  const fractions = useMemo(() => (perInput ? fractionHistogram(perInput, FRACTION_BINS) : []), [perInput]);
  const meanRange = useMemo<[number, number]>(() => {
    if (activation !== 'relu' || !means) return [lo, hi];
    return [0, Math.max(1e-3, ...means) * 1.05];
  }, [activation, means, lo, hi]);
  const k = means?.length ?? 0;
  const avgMean = means && k ? means.reduce((a, b) => a + b, 0) / k : null;
  return (
    <PanelFrame name="code-activity" title="Code activity" wide>
      <p className="hint">
        On 500 fixed test digits. A unit counts as active when |h| &gt; {threshold} ({activation}). Sparse codes pile up near 0, each unit fires for a few inputs, and each input
        switches on a few units.
      </p>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: '1rem' }}>
        <figure>
          <div className="chart" data-testid="code-histogram" role="img" aria-label={`Histogram of all code activations over [${lo}, ${hi}]`}>
            <ResponsiveContainer width="100%" height={170}>
              <BarChart data={histogram} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} barCategoryGap={0}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
                <XAxis interval={0} dataKey="x" type="number" domain={[lo, hi]} stroke="var(--fg-dim)" tickFormatter={formatTick} />
                <YAxis interval={0} stroke="var(--fg-dim)" width={44} tickFormatter={(v: number) => `${Math.round(100 * v)}%`} />
                <Tooltip formatter={(v) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : String(v))} labelFormatter={(x) => `h ≈ ${Number(x).toFixed(2)}`} />
                <Bar dataKey="share" name="share of code values" fill="var(--c1)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption>All code values h (share per bin)</figcaption>
        </figure>
        <figure>
          <div className="chart" data-testid="active-per-input" role="img" aria-label="Histogram over test digits of the fraction of code units each one activates">
            <ResponsiveContainer width="100%" height={170}>
              <BarChart data={fractions} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} barCategoryGap={0}>
                <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
                <XAxis interval={0} dataKey="x" type="number" domain={[0, 1]} stroke="var(--fg-dim)" tickFormatter={(v: number) => `${Math.round(100 * v)}%`} />
                <YAxis interval={0} stroke="var(--fg-dim)" width={36} allowDecimals={false} />
                <Tooltip formatter={(v) => `${String(v)} digits`} labelFormatter={(x) => `≈ ${Math.round(100 * Number(x))}% of units active`} />
                <Bar dataKey="count" name="test digits" fill="var(--c3)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption>Fraction of units active, per input</figcaption>
        </figure>
      </div>
      <figure style={{ marginTop: '0.6rem' }}>
        {means ? (
          <UnitMeansCanvas
            means={means}
            dead={dead}
            target={klTarget}
            range={meanRange}
            sorted={sorted}
            label={`Mean activation of each of ${k} code units${klTarget !== null ? ` against the target ρ = ${klTarget}` : ''}; ${deadCount ?? 0} dead`}
          />
        ) : (
          <p className="hint" style={{ ...UNIT_MEANS_BOX, margin: 0 }}>
            Waiting for the first snapshot…
          </p>
        )}
        <figcaption>
          Mean activation ρ̂_k of each unit{klTarget !== null && <> · dashed: target ρ = {klTarget}</>} · red ticks: dead units (never active){' '}
          <label style={{ marginLeft: '0.6rem' }}>
            <input type="checkbox" checked={sorted} onChange={(e) => setSorted(e.target.checked)} /> sort by ρ̂
          </label>
        </figcaption>
      </figure>
      <p className="metric" data-testid="code-activity-metrics">
        mean |h| <strong data-testid="mean-abs">{numberOf(diagnostics, 'meanAbs')?.toFixed(3) ?? '—'}</strong> · mean ρ̂ <strong>{avgMean?.toFixed(3) ?? '—'}</strong>
        {klTarget !== null && <> (target {klTarget})</>} · units active per input <strong data-testid="active-fraction">{pct(numberOf(diagnostics, 'activeFraction'))}</strong> ·
        dead <strong data-testid="dead-units">{deadCount ?? '—'}</strong> of {k || '—'}
      </p>
    </PanelFrame>
  );
}
