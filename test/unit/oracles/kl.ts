/** Test oracle: KL(N(μ, σ²) ‖ N(0, 1)) for one dimension in plain JS, ½(μ² + σ² − log σ² − 1). */
export function klGaussianScalar(mu: number, sigma: number): number {
  const v = sigma * sigma;
  return 0.5 * (mu * mu + v - Math.log(v) - 1);
}
