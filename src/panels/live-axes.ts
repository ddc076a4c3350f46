import type { XAxisProps, YAxisProps } from 'recharts';

/**
 * A live axis's tick props: labels drawn as they are, not measured. Given a width (the axis's
 * own, by default), recharts measures each new label in a hidden DOM span (a forced layout)
 * and keeps its size in a 2,000-entry cache: a live axis makes new labels at every snapshot,
 * so the cache, and the page's memory with it, would grow for the first half hour of training.
 */
export const UNMEASURED_TICK = { width: 0 } as const;

/** A chart's step axis, from the first step drawn to the last (interval 0: its few nice ticks always fit, so none is measured to see if it does). */
export const STEP_AXIS: XAxisProps = { tick: UNMEASURED_TICK, interval: 0, dataKey: 'step', type: 'number', domain: ['dataMin', 'dataMax'], stroke: 'var(--fg-dim)' };

/** The right-hand KL axis of the charts that plot KL beside a reconstruction term (ELBO, Mult-VAE). */
export const KL_AXIS: YAxisProps = {
  tick: UNMEASURED_TICK,
  interval: 0,
  yAxisId: 'kl',
  orientation: 'right',
  domain: [0, 'auto'],
  stroke: 'var(--c2)',
  width: 48,
  tickFormatter: (v: number) => v.toPrecision(3),
};

/** The β-schedule charts' axes (the VAE's and Mult-VAE's): steps from 0, and β from 0. */
export const BETA_STEP_AXIS: XAxisProps = {
  tick: UNMEASURED_TICK,
  interval: 0,
  dataKey: 'step',
  type: 'number',
  domain: [0, 'dataMax'],
  stroke: 'var(--fg-dim)',
  allowDuplicatedCategory: false,
};
export const BETA_VALUE_AXIS: YAxisProps = {
  tick: UNMEASURED_TICK,
  interval: 0,
  type: 'number',
  domain: [0, 'auto'],
  stroke: 'var(--fg-dim)',
  width: 44,
  tickFormatter: (v: number) => String(Number(v.toPrecision(3))),
};

/** A live chart's value axis on the lab's linear or log scale (the log-scale setting), its range from the data. */
export const liveValueAxis = (logScale: boolean): YAxisProps => ({
  tick: UNMEASURED_TICK,
  scale: logScale ? 'log' : 'linear',
  interval: logScale ? 'preserveEnd' : 0,
  domain: ['auto', 'auto'],
  allowDataOverflow: true,
  stroke: 'var(--fg-dim)',
});
