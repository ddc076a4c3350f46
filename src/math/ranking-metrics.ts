/** What an excluded (fold-in) item scores: very low but finite, since WebGPU may mishandle ±Inf. */
export const EXCLUDED_SCORE = -1e9;

/** DCG@k = Σ_{r=1..k} rel_r / log2(r + 1), binary rel; normalised by the ideal DCG over min(k, |targets|). */
export function ndcgOfRanking(ranked: ArrayLike<number>, isTarget: (item: number) => boolean, targets: number, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (isTarget(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, targets); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Recall@k = hits in the top k / min(k, |targets|) (Liang et al.'s normalisation, so 1 is reachable). */
export function recallOfRanking(ranked: ArrayLike<number>, isTarget: (item: number) => boolean, targets: number, k: number): number {
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (isTarget(ranked[r])) hits++;
  return hits / Math.min(k, targets);
}
