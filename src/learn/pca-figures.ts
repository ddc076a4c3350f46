/**
 * Fixed figures of the lab's MNIST digits that the walkthroughs quote: PCA as the lab fits
 * it when it loads the digits (engine/image-task.ts: the first 10,000, seeded split 8,000
 * train / 2,000 test, seed 1), the mean digit's cross-entropy, and the feature-learning
 * panel's kNN scores of pixels and PCA codes. No training is involved, so each is one
 * number; test/unit/pca-figures.test.ts recomputes every one with src/math/ on the bundled
 * data and checks it to the precision printed here. Prose and claims read them from here.
 */

/** Σ_j λ_j on the training digits: the squared error per image of predicting every digit by the mean digit. */
export const TOTAL_VARIANCE = 52.9;

/** The code sizes whose PCA test error the chapters quote. */
export type PcaK = 1 | 2 | 10 | 20 | 32 | 64;

/** Test error per image of the best rank-K reconstruction, (1/n) Σ_i ‖(x_i − μ) − (x_i − μ) U_Kᵀ U_K‖² on the 2,000 test digits (the loss chart's dashed test line). */
export const PCA_TEST_ERROR: Readonly<Record<PcaK, number>> = { 1: 46.8, 2: 43.0, 10: 26.4, 20: 18.4, 32: 13.2, 64: 7.2 };

/** Share of the training variance the top K components keep, Σ_{j≤K} λ_j / Σ_j λ_j, in whole percent. */
export const VARIANCE_KEPT_PERCENT = { 2: 17, 64: 87 } as const;

/** −(1/n) Σ_b Σ_i [x_bi log m_i + (1 − x_bi) log(1 − m_i)] on the test digits, m the training mean image: the Bernoulli baseline in nats. */
export const MEAN_IMAGE_NATS = 204;

/**
 * 5-nearest-neighbour test accuracy as the feature-learning panel measures it (its defaults:
 * the first 2,000 training and 1,000 test digits), in whole percent: on the raw pixels and
 * on PCA's first component alone.
 */
export const KNN_PERCENT = { pixels: 91, pca1: 26 } as const;

/** One decimal, as the chapters print the squared errors: "26.6". */
export const quotePca = (k: PcaK): string => PCA_TEST_ERROR[k].toFixed(1);
export const quoteTotalVariance = (): string => TOTAL_VARIANCE.toFixed(1);
