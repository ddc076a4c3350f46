import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { familyFor } from '../families';
import type { Settings } from '../settings/schema';
import type { RunRecord } from '../state/run-record';
import { imageReference, useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { chartRows } from './chart-rows';
import { liveValueAxis, STEP_AXIS } from './live-axes';
import { fixedDigits, LIVE_LINE } from './live-lines';

/**
 * What the chart's title and its held-out line say per task: an image model's loss per image on
 * the test digits; a recommender's loss per user, whose held-out line is the validation users'
 * fold-in clicks (the clicks task's "test" loss series).
 */
export const LOSS_CHART_WORDS = {
  images: { title: 'Loss per image', heldOut: 'test' },
  clicks: { title: 'Loss per user', heldOut: 'validation' },
} as const;

export const lossChartWords = (s: Pick<Settings, 'model' | 'dataset' | 'task'>) => LOSS_CHART_WORDS[familyFor(s).task === 'clicks' ? 'clicks' : 'images'];

const NO_RUNS: readonly RunRecord[] = [];

/** A dashed horizontal line at one of PCA's errors, labelled inside the chart's right edge. */
const pcaLine = (y: number, stroke: string, value: string, position: 'insideTopRight' | 'insideBottomRight') => (
  <ReferenceLine y={y} ifOverflow="extendDomain" stroke={stroke} strokeDasharray="6 4" label={{ value, position, fill: 'var(--fg-dim)' }} />
);

/** Train and test loss against step, with the PCA optimum as dashed lines. */
export function LossChart() {
  const history = useLab((s) => s.history);
  useLab((s) => s.historyVersion); // re-renders at each snapshot: the history is appended to in place
  const reference = useLab(imageReference);
  const logScale = useLab((s) => s.settings.logScale);
  // The PCA optimum bounds the linear model's squared error; other models get no line.
  const pca = useLab((s) => s.settings.model === 'linear') ? reference : null;
  // Where the corruption is a setting of the model (the denoising AE), its test digits corrupted that way, restored.
  const corruption = useLab((s) => (familyFor(s.settings).settings.includes('noiseKind') ? `${s.settings.noiseKind} ${s.settings.noiseLevel}` : null));
  const words = useLab((s) => lossChartWords(s.settings));
  const runs = useLab((s) => s.runs);
  const overlayIds = useLab((s) => s.overlayIds);
  const currentId = useLab((s) => s.currentRunId);
  // Other runs drawn beside this one: the pinned baseline and any ticked overlays.
  const others = useMemo(() => {
    const drawn = runs.filter((r) => r.id !== currentId && (r.pinned || overlayIds.includes(r.id)));
    return drawn.length ? drawn : NO_RUNS; // a runs list saved again, with none drawn, leaves the chart as it was
  }, [runs, overlayIds, currentId]);
  // The chart's rows change only when a series gains points or the history is replaced: a run
  // reset or a snapshot that adds none to these series (the step-0 one) leaves recharts alone.
  const drawn = (k: string) => `${history[k]?.length ?? 0}@${history[k]?.at(-1)?.step}`;
  const shape = `${drawn('train/loss')} ${drawn('test/loss')} ${corruption ? drawn('test/denoiseError') : ''}`;
  const data = useMemo(() => {
    return chartRows([
      ['train', history['train/loss'] ?? []],
      ['test', history['test/loss'] ?? []],
      ...(corruption ? [['denoise', history['test/denoiseError'] ?? []] as const] : []),
      ...others.map((r, i) => [`run${i}`, r.history['test/loss'] ?? []] as const),
    ]);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: shape is what changes
  }, [history, shape, others, corruption]);
  const pcaTrain = pca?.pcaTrain ?? null;
  const pcaTest = pca?.pcaTest ?? null;
  // The same element while its inputs stay: React then skips recharts' whole subtree.
  const chart = useMemo(
    () => (
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...liveValueAxis(logScale)} width={56} tickFormatter={(v: number) => v.toPrecision(3)} />
          <Tooltip formatter={fixedDigits(3)} />
          <Legend />
          <Line {...LIVE_LINE} dataKey="train" name="train" stroke="var(--c1)" />
          <Line {...LIVE_LINE} dataKey="test" name={words.heldOut} stroke="var(--c2)" strokeWidth={2} />
          {corruption && <Line {...LIVE_LINE} dataKey="denoise" name={`test, corrupted (${corruption}) and restored`} stroke="var(--c2)" strokeDasharray="2 2" />}
          {others.map((r, i) => (
            <Line
              key={r.id}
              {...LIVE_LINE}
              dataKey={`run${i}`}
              name={`${r.pinned ? '★ ' : ''}${r.name} (${lossChartWords(r.settings).heldOut})`}
              stroke={r.pinned ? 'var(--fg)' : 'var(--c3)'}
              strokeDasharray={r.pinned ? '2 3' : '5 3'}
            />
          ))}
          {pcaTrain != null && pcaLine(pcaTrain, 'var(--c1)', 'PCA train', 'insideTopRight')}
          {pcaTest != null && pcaLine(pcaTest, 'var(--c2)', 'PCA test', 'insideBottomRight')}
        </LineChart>
      </ResponsiveContainer>
    ),
    [data, logScale, words, corruption, others, pcaTrain, pcaTest],
  );
  const last = (name: string) => history[name]?.at(-1)?.value;
  return (
    <PanelFrame name="loss" title={words.title} wide>
      {pca && (
        <p className="hint">
          Squared error. Dashed: the PCA optimum for K = {pca.latent} (train {pca.pcaTrain?.toFixed(2) ?? '—'}, test {pca.pcaTest?.toFixed(2) ?? '—'}). A linear autoencoder can
          approach it but never beat it.
        </p>
      )}
      <div className="chart" data-testid="loss-chart">
        {chart}
      </div>
      <p className="metric">
        train <strong data-testid="train-loss">{last('train/loss')?.toFixed(3) ?? '—'}</strong> · {words.heldOut}{' '}
        <strong data-testid="test-loss">{last('test/loss')?.toFixed(3) ?? '—'}</strong>
        {corruption && (
          <>
            {' '}
            · test, corrupted and restored <strong data-testid="denoise-error">{last('test/denoiseError')?.toFixed(3) ?? '—'}</strong>
          </>
        )}
      </p>
    </PanelFrame>
  );
}
