/**
 * Diverging purple–white–orange map (after ColorBrewer PuOr): readable for the
 * common colour-vision deficiencies, and sign is visible in greyscale print too.
 */
export const NEG: [number, number, number] = [94, 60, 153];
export const MID: [number, number, number] = [247, 247, 247];
export const POS: [number, number, number] = [230, 97, 1];

/** t in [−1, 1] → RGB. */
export function diverging(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, t));
  const [a, b, u] = c < 0 ? [MID, NEG, -c] : [MID, POS, c];
  return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
}

/** Ink on paper: 0 → white, 1 → near black, like a digit drawn in pencil. */
export function grey(v: number): [number, number, number] {
  const g = 255 - 235 * Math.max(0, Math.min(1, v));
  return [g, g, g];
}
