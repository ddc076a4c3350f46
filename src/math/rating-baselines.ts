// Baselines for explicit ratings (what AutoRec must beat): the global mean, user + item biases,
// and biased matrix factorization R ≈ μ + b_u + b_i + p_u q_iᵀ (the lecture's R = UVᵀ).
// Pure JS in float64: no tfjs, fitted in the worker.
import type { RatingScale, RatingTriples } from '../data/movielens/ratings-split';
import { createRng, subSeed } from './rng';

/** r̂_ui = μ + b_u + b_i (missing biases are 0: a cold user or item falls back to what is known). */
export interface Biases {
  mu: number;
  user: Float64Array;
  item: Float64Array;
}

/** r̂_ui = μ + b_u + b_i + p_u · q_i. */
export interface FactorModel extends Biases {
  rank: number;
  /** users × rank, row-major. */
  p: Float64Array;
  /** items × rank, row-major. */
  q: Float64Array;
}

/**
 * λ_u, λ_i of the biases, chosen on the validation ratings of a seeded 90/10 split (5% of the 90
 * for validation): RMSE is flat within 0.0002 for λ_u 1…5, λ_i 3…5 on ml-100k (0.9280) and
 * ml-latest-small (0.8824), and worse for λ ≥ 10 (λ_u = λ_i = 25: 0.9389, 0.8977).
 */
export const BIAS_LAMBDA = { user: 3, item: 3 };

/** Sweeps of fitBiases stop when no bias moves by more than this (the fit is then stationary to ~1e-10). */
export const BIAS_TOLERANCE = 1e-10;
/** Upper bound on the sweeps of fitBiases; on ml-100k they reach 1e-6 in 13 and BIAS_TOLERANCE in ≈ 22. */
export const BIAS_SWEEPS = 100;

/** Shape of the ratings, checked once so the loops may index freely. */
function checkTriples(t: RatingTriples, users: number, items: number, who: string): void {
  if (!Number.isInteger(users) || users < 0 || !Number.isInteger(items) || items < 0)
    throw new Error(`${who}: users and items must be whole numbers ≥ 0 (got ${users}, ${items}).`);
  if (t.user.length < t.length || t.item.length < t.length || t.rating.length < t.length) throw new Error(`${who}: the rating arrays are shorter than length ${t.length}.`);
  for (let k = 0; k < t.length; k++) {
    const u = t.user[k];
    const i = t.item[k];
    if (u < 0 || u >= users || i < 0 || i >= items) throw new Error(`${who}: rating ${k} has user ${u} / item ${i} outside 0…${users - 1} / 0…${items - 1}.`);
    if (!Number.isFinite(t.rating[k])) throw new Error(`${who}: rating ${k} is not a number (${t.rating[k]}).`);
  }
}

/** μ = mean of the training ratings. */
export function globalMean(train: RatingTriples): number {
  if (train.length === 0) throw new Error('globalMean: there are no training ratings.');
  // μ = (1/|R|) Σ r_ui
  let s = 0;
  for (let k = 0; k < train.length; k++) s += train.rating[k];
  return s / train.length;
}

export interface BiasFit {
  biases: Biases;
  /** max |Δb| of each sweep (item and user updates together): falls geometrically. */
  changes: number[];
}

/** fitBiases with the largest change of every sweep, to show (and test) the convergence. */
export function fitBiasesTraced(
  train: RatingTriples,
  users: number,
  items: number,
  lambdaUser: number,
  lambdaItem: number,
  sweeps = BIAS_SWEEPS,
  tolerance = BIAS_TOLERANCE,
): BiasFit {
  checkTriples(train, users, items, 'fitBiases');
  if (!(lambdaUser >= 0) || !(lambdaItem >= 0)) throw new Error(`fitBiases: λ must be ≥ 0 (got λ_u ${lambdaUser}, λ_i ${lambdaItem}).`);
  const mu = globalMean(train);
  const bu = new Float64Array(users);
  const bi = new Float64Array(items);
  const nu = new Float64Array(users);
  const ni = new Float64Array(items);
  for (let k = 0; k < train.length; k++) {
    nu[train.user[k]]++;
    ni[train.item[k]]++;
  }
  const su = new Float64Array(users);
  const si = new Float64Array(items);
  const changes: number[] = [];
  // users and items with a rating: the shift direction below moves only these
  let nUsers = 0;
  let nItems = 0;
  for (let u = 0; u < users; u++) if (nu[u] > 0) nUsers++;
  for (let i = 0; i < items; i++) if (ni[i] > 0) nItems++;
  const shiftDenominator = lambdaUser * nUsers + lambdaItem * nItems;
  for (let s = 0; s < sweeps; s++) {
    let change = 0;
    if (s > 0 && shiftDenominator > 0) {
      // b_u + c, b_i − c leaves every residual alone: c = (λ_i Σ b_i − λ_u Σ b_u) / (λ_u |U| + λ_i |I|) minimises the penalty
      let sumU = 0;
      let sumI = 0;
      for (let u = 0; u < users; u++) sumU += bu[u];
      for (let i = 0; i < items; i++) sumI += bi[i];
      const c = (lambdaItem * sumI - lambdaUser * sumU) / shiftDenominator;
      for (let u = 0; u < users; u++) if (nu[u] > 0) bu[u] += c;
      for (let i = 0; i < items; i++) if (ni[i] > 0) bi[i] -= c;
      change = Math.abs(c);
    }
    // b_i = Σ_{u∈R(i)} (r_ui − μ − b_u) / (λ_i + |R(i)|)
    si.fill(0);
    for (let k = 0; k < train.length; k++) si[train.item[k]] += train.rating[k] - mu - bu[train.user[k]];
    for (let i = 0; i < items; i++) {
      const b = ni[i] > 0 ? si[i] / (lambdaItem + ni[i]) : 0;
      change = Math.max(change, Math.abs(b - bi[i]));
      bi[i] = b;
    }
    // b_u = Σ_{i∈R(u)} (r_ui − μ − b_i) / (λ_u + |R(u)|)
    su.fill(0);
    for (let k = 0; k < train.length; k++) su[train.user[k]] += train.rating[k] - mu - bi[train.item[k]];
    for (let u = 0; u < users; u++) {
      const b = nu[u] > 0 ? su[u] / (lambdaUser + nu[u]) : 0;
      change = Math.max(change, Math.abs(b - bu[u]));
      bu[u] = b;
    }
    changes.push(change);
    if (change < tolerance) break;
  }
  return { biases: { mu, user: bu, item: bi }, changes };
}

/**
 * Regularised biases by alternating closed forms (Koren 2009):
 *   b_i = Σ_{u∈R(i)} (r_ui − μ − b_u) / (λ_i + |R(i)|),  b_u = Σ_{i∈R(u)} (r_ui − μ − b_i) / (λ_u + |R(u)|).
 * Starts from b = 0 (so the first b_i is Koren's one-pass item bias) and sweeps until no bias
 * moves by more than BIAS_TOLERANCE, at most `sweeps` times. Before each later sweep, an exact
 * line search along the one direction the alternation crawls in (every b_u + c, every b_i − c:
 * no residual changes, only the penalty) gets ml-100k to |Δb| < 1e-6 in 13 sweeps instead of 83; the fixed
 * point is the same. Users / items without a training rating keep b = 0. Each sweep ends with the
 * b_u, so those are exactly stationary and the b_i are to about BIAS_TOLERANCE.
 */
export function fitBiases(train: RatingTriples, users: number, items: number, lambdaUser: number, lambdaItem: number, sweeps?: number): Biases {
  return fitBiasesTraced(train, users, items, lambdaUser, lambdaItem, sweeps).biases;
}

export interface MfOptions {
  rank: number;
  /** L2 penalty on p, q and the biases. */
  lambda: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/**
 * Chosen on the validation ratings of a seeded 90/10 split (5% of the 90 for validation), over
 * rank 10…200, λ 0.02…0.2, η 0.005…0.02, epochs 10…80: λ = 0.1 is best for every rank (0.05
 * overfits after 20–30 epochs, 0.15 underfits); rank 100 edges out 50 and ties 200. Validation
 * RMSE 0.896 on ml-100k (biases 0.928) and 0.864 on ml-latest-small (biases 0.882); ≈ 2–4 s in Node.
 */
export const MF_DEFAULTS: MfOptions = { rank: 100, lambda: 0.1, epochs: 40, learningRate: 0.01, seed: 1 };

/** Standard deviation of the initial factors: p, q ~ N(0, 0.1²). */
export const MF_INIT_STD = 0.1;

/**
 * Called after each epoch with the epochs done (1 … epochs), the training RMSE of that epoch
 * (each rating's error just before its update) and the model so far (its live arrays: copy them
 * to keep a checkpoint). May throw to cancel.
 */
export type MfEpochCallback = (epoch: number, trainRmse: number, model: FactorModel) => void;

function checkMfOptions(o: MfOptions): void {
  if (!Number.isInteger(o.rank) || o.rank < 1) throw new Error(`fitMf: rank must be a whole number ≥ 1 (got ${o.rank}).`);
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new Error(`fitMf: epochs must be a whole number ≥ 0 (got ${o.epochs}).`);
  if (!(o.lambda >= 0) || !Number.isFinite(o.lambda)) throw new Error(`fitMf: λ must be a number ≥ 0 (got ${o.lambda}).`);
  if (!(o.learningRate > 0) || !Number.isFinite(o.learningRate)) throw new Error(`fitMf: the learning rate must be a number > 0 (got ${o.learningRate}).`);
}

/**
 * Biased MF by SGD over the shuffled training ratings (Funk / Koren), seeded.
 * μ is the training mean (fixed); b = 0 and p, q ~ N(0, 0.1²) at the start, then for every rating
 * in a fresh seeded order each epoch: e = r − r̂, b_u += η(e − λ b_u), b_i += η(e − λ b_i),
 * p_u += η(e q_i − λ p_u), q_i += η(e p_u − λ q_i) with the old p_u. The factors of users / items
 * with no training rating are 0, so they fall back to the biases. Throws if the fit diverges.
 */
export function fitMf(train: RatingTriples, users: number, items: number, o: MfOptions, onEpoch?: MfEpochCallback): FactorModel {
  checkTriples(train, users, items, 'fitMf');
  checkMfOptions(o);
  const { rank: k, lambda, learningRate: eta } = o;
  const mu = globalMean(train);
  const bu = new Float64Array(users);
  const bi = new Float64Array(items);
  const p = new Float64Array(users * k);
  const q = new Float64Array(items * k);
  // p, q ~ N(0, σ²) by Box–Muller, p first then q, from the seed's weight stream
  const rw = createRng(subSeed(o.seed, 'weights'));
  const gauss = (a: Float64Array) => {
    for (let j = 0; j < a.length; j += 2) {
      const r = MF_INIT_STD * Math.sqrt(-2 * Math.log(1 - rw()));
      const t = 2 * Math.PI * rw();
      a[j] = r * Math.cos(t);
      if (j + 1 < a.length) a[j + 1] = r * Math.sin(t);
    }
  };
  gauss(p);
  gauss(q);
  const seenU = new Uint8Array(users);
  const seenI = new Uint8Array(items);
  for (let n = 0; n < train.length; n++) {
    seenU[train.user[n]] = 1;
    seenI[train.item[n]] = 1;
  }
  for (let u = 0; u < users; u++) if (!seenU[u]) p.fill(0, u * k, (u + 1) * k);
  for (let i = 0; i < items; i++) if (!seenI[i]) q.fill(0, i * k, (i + 1) * k);

  const n = train.length;
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  const ro = createRng(subSeed(o.seed, 'order'));
  const { user: tu, item: ti, rating: tr } = train;
  const model: FactorModel = { mu, user: bu, item: bi, rank: k, p, q };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    // Fisher–Yates reshuffle of the previous order (a fresh uniform order each epoch)
    for (let j = n - 1; j > 0; j--) {
      const m = Math.floor(ro() * (j + 1));
      const t = order[j];
      order[j] = order[m];
      order[m] = t;
    }
    let sse = 0;
    for (let j = 0; j < n; j++) {
      const x = order[j];
      const u = tu[x];
      const i = ti[x];
      const uo = u * k;
      const io = i * k;
      // r̂ = μ + b_u + b_i + p_u · q_i
      let dot = 0;
      for (let f = 0; f < k; f++) dot += p[uo + f] * q[io + f];
      const e = tr[x] - (mu + bu[u] + bi[i] + dot);
      sse += e * e;
      // b += η(e − λ b)
      bu[u] += eta * (e - lambda * bu[u]);
      bi[i] += eta * (e - lambda * bi[i]);
      // p_u += η(e q_i − λ p_u),  q_i += η(e p_u − λ q_i) with the old p_u
      for (let f = 0; f < k; f++) {
        const pu = p[uo + f];
        const qi = q[io + f];
        p[uo + f] = pu + eta * (e * qi - lambda * pu);
        q[io + f] = qi + eta * (e * pu - lambda * qi);
      }
    }
    const rmse = n > 0 ? Math.sqrt(sse / n) : 0;
    if (!Number.isFinite(rmse)) throw new Error(`fitMf: SGD diverged in epoch ${epoch} (training RMSE ${rmse}); lower the learning rate (${eta}) or raise λ (${lambda}).`);
    onEpoch?.(epoch, rmse, model);
  }
  return model;
}

/** Bias of index j, 0 outside the fitted range (a user or item unknown to the fit). */
const biasAt = (b: Float64Array, j: number): number => (j >= 0 && j < b.length ? b[j] : 0);

/** Predictions for every rating of a part, clipped to the scale. */
export function predictBiases(b: Biases, t: RatingTriples, scale: RatingScale): Float32Array {
  const out = new Float32Array(t.length);
  // r̂_ui = clip(μ + b_u + b_i)
  for (let k = 0; k < t.length; k++) out[k] = clipRating(b.mu + biasAt(b.user, t.user[k]) + biasAt(b.item, t.item[k]), scale);
  return out;
}

export function predictMf(m: FactorModel, t: RatingTriples, scale: RatingScale): Float32Array {
  const out = new Float32Array(t.length);
  const r = m.rank;
  const users = m.p.length / r;
  const items = m.q.length / r;
  for (let k = 0; k < t.length; k++) {
    const u = t.user[k];
    const i = t.item[k];
    let dot = 0;
    if (u >= 0 && u < users && i >= 0 && i < items) for (let f = 0; f < r; f++) dot += m.p[u * r + f] * m.q[i * r + f];
    // r̂_ui = clip(μ + b_u + b_i + p_u · q_i)
    out[k] = clipRating(m.mu + biasAt(m.user, u) + biasAt(m.item, i) + dot, scale);
  }
  return out;
}

/** RMSE = √(mean (r̂ − r)²) and MAE = mean |r̂ − r| over a part's ratings (NaN for an empty part). */
export function ratingErrors(predicted: Float32Array, t: RatingTriples): { rmse: number; mae: number; n: number } {
  if (predicted.length !== t.length) throw new Error(`ratingErrors: ${predicted.length} predictions for ${t.length} ratings.`);
  const n = t.length;
  if (n === 0) return { rmse: NaN, mae: NaN, n };
  let se = 0;
  let ae = 0;
  for (let k = 0; k < n; k++) {
    const d = predicted[k] - t.rating[k];
    se += d * d;
    ae += Math.abs(d);
  }
  // RMSE = √(Σ d² / n),  MAE = Σ |d| / n
  return { rmse: Math.sqrt(se / n), mae: ae / n, n };
}

/** r̂ clipped to [min, max]. */
export const clipRating = (v: number, scale: RatingScale): number => Math.min(scale.max, Math.max(scale.min, v));

/** Predictions of the global mean alone, clipped (the weakest honest baseline). */
export function predictMean(mu: number, t: RatingTriples, scale: RatingScale): Float32Array {
  return new Float32Array(t.length).fill(clipRating(mu, scale));
}
