import { Line } from 'recharts';

/** A live series' line: monotone, no dots and no animation (each snapshot redraws it), gaps bridged. */
export const LIVE_LINE = { type: 'monotone', dot: false, isAnimationActive: false, connectNulls: true } as const;

/** One series of a live chart: its history key, its legend name, how it is drawn, and its y axis when the chart has two. */
export interface LiveSeries {
  key: string;
  name: string;
  colour: string;
  width: number;
  dash?: string;
  axis?: string;
}

/** A live Line for each series; `dot` marks the points (while there are few to see). */
export function liveLines(series: readonly LiveSeries[], dot = false) {
  return series.map((s) => (
    <Line
      key={s.key}
      {...LIVE_LINE}
      {...(s.axis ? { yAxisId: s.axis } : {})}
      dataKey={s.key}
      name={s.name}
      stroke={s.colour}
      strokeWidth={s.width}
      strokeDasharray={s.dash}
      dot={dot}
    />
  ));
}

/** A tooltip's values to `digits` decimals (anything else as it is). */
export const fixedDigits =
  (digits: number) =>
  (v: unknown): string =>
    typeof v === 'number' ? v.toFixed(digits) : String(v);
