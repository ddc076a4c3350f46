import type { RankingMetricKey, RankingMetrics, RecsysExtras, RecsysItem, RecsysReference } from '../../engine/recsys-types';
import { clicksReference, clicksSnapshot, useLab } from '../../state/store';

/** Pure helpers and store selectors the recommender panels share (no tfjs). */

export function useRecsysReference(): RecsysReference | null {
  return useLab((s) => clicksReference(s)?.recsys ?? null);
}

export function useRecsysExtras(): RecsysExtras | null {
  return useLab((s) => clicksSnapshot(s)?.recsys ?? null);
}

/** "Toy Story (1995)": the title already carries the year in every GroupLens release. */
export const movieTitle = (item: RecsysItem | undefined): string => item?.title ?? '?';

export const movieLine = (item: RecsysItem | undefined): string => (item ? `${item.title}${item.genres.length ? ` — ${item.genres.join(', ')}` : ''}` : '?');

export const fmt = (v: number | undefined | null, digits = 3): string => (v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits));

export const METRIC_COLUMNS: { key: RankingMetricKey; label: string }[] = [
  { key: 'ndcg100', label: 'NDCG@100' },
  { key: 'recall20', label: 'Recall@20' },
  { key: 'recall50', label: 'Recall@50' },
];

/** "0.434 ± 0.031": a mean with its standard error over users (the value alone when there is no SE). */
export const fmtSe = (m: RankingMetrics, key: RankingMetricKey): string => (Number.isFinite(m.se[key]) ? `${fmt(m[key])} ± ${fmt(m.se[key])}` : fmt(m[key]));

/** Inline table styles (the panels own no stylesheet). */
export const TABLE_STYLE = { borderCollapse: 'collapse', width: '100%', fontVariantNumeric: 'tabular-nums', fontSize: '0.9rem' } as const;
export const CELL_STYLE = { padding: '0.2rem 0.5rem', borderBottom: '1px solid var(--line)', textAlign: 'right' } as const;
export const LEFT_CELL_STYLE = { ...CELL_STYLE, textAlign: 'left' } as const;
