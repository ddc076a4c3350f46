/** mulberry32: a small, fast, seedable PRNG so splits and batch orders reproduce. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of 0..n-1 driven by the given generator. */
export function permutation(n: number, rng: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Derives independent sub-seeds (weights, data order, split) from one user seed. */
export function subSeed(seed: number, stream: 'weights' | 'order' | 'split' | 'noise'): number {
  const offsets = { weights: 0x9e3779b9, order: 0x85ebca6b, split: 0xc2b2ae35, noise: 0x27d4eb2f };
  return (createRng((seed ^ offsets[stream]) >>> 0)() * 2 ** 31) >>> 0;
}
