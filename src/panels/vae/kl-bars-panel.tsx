import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { formatTick } from './plot-scale';
import { COLLAPSE_NATS, floatsOf, numberOf } from './vae-view';

/** KL_j per latent dimension on the probe digits, with a warning when every one is near zero. */
export function KlBarsPanel() {
  const diagnostics = useLab((s) => s.snapshot?.diagnostics);
  const perDim = floatsOf(diagnostics, 'klPerDimension');
  const collapsed = numberOf(diagnostics, 'collapsed') === 1;
  const active = numberOf(diagnostics, 'activeDims');
  const data = perDim ? Array.from(perDim, (kl, j) => ({ dim: `z${j + 1}`, kl })) : [];
  return (
    <PanelFrame name="vae-kl-bars" title="KL per latent dimension">
      <p className="hint">
        KL_j = mean over 500 test digits of ½(μ² + σ² − log σ² − 1): the nats dimension j carries. Grey bars are below {COLLAPSE_NATS} nats — the decoder cannot use them.
      </p>
      {collapsed && (
        <p className="notice error" role="alert" data-testid="collapse-warning">
          Posterior collapse: every latent dimension is below {COLLAPSE_NATS} nats, so q(z|x) ≈ p(z) for all digits and the decoder draws (nearly) the mean image. Lower β, warm it
          up, or give free bits.
        </p>
      )}
      <div className="chart" data-testid="kl-bars" role="figure" aria-label={`KL of each of ${data.length} latent dimensions; ${active ?? 0} active`}>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
            {/* At most 16 labels, every k-th, without recharts measuring each label in the DOM per snapshot. */}
            <XAxis dataKey="dim" stroke="var(--fg-dim)" interval={Math.max(0, Math.ceil(data.length / 16) - 1)} />
            <YAxis interval={0} domain={[0, 'auto']} stroke="var(--fg-dim)" width={44} tickFormatter={formatTick} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(3)} nats` : String(v))} />
            <ReferenceLine y={COLLAPSE_NATS} stroke="var(--error)" strokeDasharray="3 3" />
            <Bar dataKey="kl" name="KL (nats)" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.dim} fill={d.kl > COLLAPSE_NATS ? 'var(--c1)' : '#b0b4ba'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        active dimensions <strong data-testid="active-dims">{active ?? '—'}</strong> of {data.length || '—'} · total KL{' '}
        <strong>{numberOf(diagnostics, 'klTotal')?.toFixed(2) ?? '—'}</strong> nats
      </p>
    </PanelFrame>
  );
}
