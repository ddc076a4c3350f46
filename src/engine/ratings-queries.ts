import type { RatingsSplit, RatingTriples } from '../data/movielens/ratings-split';
import type { RatingsBlock, RatingsScatter, RatingsUserView } from './ratings-types';

type Predict = (users: Int32Array, items: Int32Array) => Promise<Float32Array>;

const wholeIn = (v: unknown, fallback: number, min: number, max: number, name: string): number => {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${String(v)}).`);
  return n;
};

/** One user's ratings in every part, with the model's predictions, and their top unrated movies. */
export async function ratingsUser(split: RatingsSplit, a: Record<string, unknown>, predict: Predict): Promise<RatingsUserView> {
  const count = split.userIds.length;
  const index = wholeIn(a.index, 0, 0, count - 1, 'index');
  const n = wholeIn(a.n, 10, 1, 100, 'n');
  const items = split.itemIds.length;
  const all = await predict(
    new Int32Array(items).fill(index),
    Int32Array.from({ length: items }, (_, i) => i),
  );
  const rated: RatingsUserView['rated'] = [];
  const seen = new Set<number>();
  const parts: [RatingTriples, RatingsUserView['rated'][number]['part']][] = [
    [split.train, 'train'],
    [split.validation, 'validation'],
    [split.test, 'test'],
  ];
  for (const [t, part] of parts) {
    for (let k = 0; k < t.length; k++) {
      if (t.user[k] !== index) continue;
      rated.push({ item: t.item[k], actual: t.rating[k], predicted: all[t.item[k]], part });
      seen.add(t.item[k]);
    }
  }
  rated.sort((x, y) => y.actual - x.actual || x.item - y.item);
  const top = Array.from(all, (predicted, item) => ({ item, predicted }))
    .filter((x) => !seen.has(x.item))
    .sort((x, y) => y.predicted - x.predicted || x.item - y.item)
    .slice(0, n);
  return { index, count, userId: split.userIds[index], rated, top };
}

/** Predicted against actual on the first n test ratings (the split is already shuffled). */
export async function ratingsScatter(split: RatingsSplit, a: Record<string, unknown>, predict: Predict): Promise<RatingsScatter> {
  const t = split.test;
  const n = Math.min(t.length, wholeIn(a.n, 2000, 1, 100_000, 'n'));
  const predicted = await predict(t.user.slice(0, n), t.item.slice(0, n));
  const actual = t.rating.slice(0, n);
  let se = 0;
  for (let k = 0; k < n; k++) se += (predicted[k] - actual[k]) ** 2;
  return { actual, predicted, rmse: Math.sqrt(se / Math.max(1, n)) };
}

/** Indices of the k largest counts (ties to the lower index). */
const topByCount = (c: Int32Array, k: number): number[] =>
  Array.from(c, (v, i) => [v, i])
    .sort((x, y) => y[0] - x[0] || x[1] - y[1])
    .slice(0, k)
    .map(([, i]) => i)
    .sort((x, y) => x - y);

/**
 * A block of R among the most active users and most rated movies: the observed training
 * ratings, the model's completion, and for the block's first movie the users whose output
 * weights its masked error reaches (those who rated it in training).
 */
export async function ratingsBlock(split: RatingsSplit, userCount: Int32Array, itemCount: Int32Array, a: Record<string, unknown>, predict: Predict): Promise<RatingsBlock> {
  const users = topByCount(userCount, wholeIn(a.users, 12, 1, 64, 'users'));
  const items = topByCount(itemCount, wholeIn(a.items, 16, 1, 64, 'items'));
  const col = new Map(items.map((i, c) => [i, c]));
  const row = new Map(users.map((u, r) => [u, r]));
  const observed = new Float32Array(users.length * items.length);
  const t = split.train;
  for (let k = 0; k < t.length; k++) {
    const r = row.get(t.user[k]);
    const c = col.get(t.item[k]);
    if (r !== undefined && c !== undefined) observed[r * items.length + c] = t.rating[k];
  }
  const pu = Int32Array.from({ length: observed.length }, (_, k) => users[Math.floor(k / items.length)]);
  const pi = Int32Array.from({ length: observed.length }, (_, k) => items[k % items.length]);
  const completed = await predict(pu, pi);
  const focusItem = items[0];
  const updatedUsers = users.filter((_, r) => observed[r * items.length] > 0);
  return { users, items, observed, completed, focusItem, updatedUsers };
}
