import { createRng } from '../../src/math/rng';

/**
 * n samples in R^d with a known spectrum: x = μ + Σ_i sqrt(λ_i) z_i q_i, z ~ N(0,1), where
 * q_i is a random orthonormal basis. The population covariance has eigenvalues λ.
 */
export function gaussianWithSpectrum(n: number, lambdas: number[], seed: number): { data: Float32Array; basis: number[][] } {
  const d = lambdas.length;
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  // Random orthonormal basis by Gram–Schmidt on Gaussian vectors.
  const basis: number[][] = [];
  while (basis.length < d) {
    const v = Array.from({ length: d }, normal);
    for (const b of basis) {
      const dot = v.reduce((s, vi, i) => s + vi * b[i], 0);
      for (let i = 0; i < d; i++) v[i] -= dot * b[i];
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      const c = Math.sqrt(lambdas[k]) * normal();
      for (let i = 0; i < d; i++) data[r * d + i] += c * basis[k][i];
    }
    for (let i = 0; i < d; i++) data[r * d + i] += 0.5; // mean offset, learned by the biases
  }
  return { data, basis };
}
