/**
 * Colour-blind-friendly colours for the VAE panels. Digits: Okabe & Ito's eight
 * categorical colours plus a grey and a wine (Tol) for ten classes. β: viridis.
 */
export const DIGIT_COLOURS = [
  '#E69F00', // 0 orange
  '#56B4E9', // 1 sky blue
  '#009E73', // 2 bluish green
  '#F0E442', // 3 yellow
  '#0072B2', // 4 blue
  '#D55E00', // 5 vermillion
  '#CC79A7', // 6 reddish purple
  '#000000', // 7 black
  '#999999', // 8 grey
  '#882255', // 9 wine
] as const;

export const digitColour = (label: number | undefined): string => (label === undefined ? '#777777' : DIGIT_COLOURS[label % 10]);

/** Viridis at nine stops (perceptually uniform, readable with every common colour-vision deficiency). */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** t in [0, 1] → an rgb() string on viridis. */
export function viridis(t: number): string {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const c = VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
