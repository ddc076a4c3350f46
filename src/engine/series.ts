// The metric series the worker records and the panels read, by name ("train/loss",
// "val/ndcg@100", "diag/jacobianNorm", …). Types only: a panel that asks for a series no
// one records, or a renamed loss term, is a compile error on both sides.

/** Loss terms the models report (LossTerms.terms), plus the weighted total as "loss". */
export type LossTerm = 'loss' | 'reconstruction' | 'kl' | 'elbo' | 'beta' | 'sparsity' | 'contraction' | 'weightDecay';

/** Scalar diagnostics recorded at each snapshot as "diag/<name>". */
export type ScalarDiagnostic = 'meanAbs' | 'activeFraction' | 'deadUnits' | 'jacobianNorm' | 'totalKl' | 'activeDims';

/** Ranking metrics of the clicks task (Liang et al.'s cut-offs). */
export type RankingSeries = 'ndcg@100' | 'recall@20' | 'recall@50';

export type SeriesName =
  | `train/${LossTerm}`
  | `test/${LossTerm}`
  | `diag/${ScalarDiagnostic}`
  | `val/${RankingSeries}`
  | `${'train' | 'val'}/${'rmse' | 'mae'}`
  // Dense AEs: the reconstruction loss of corrupted test digits against the clean ones (Autoencoder.restoreLoss).
  | 'test/denoiseError'
  | 'pca/subspaceSimilarity'
  | 'speed/samplesPerSecond';

/** The full metric history: each series a bounded list of points. */
export type SeriesHistory = Partial<Record<SeriesName, { step: number; value: number }[]>>;
