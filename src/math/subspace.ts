import { Matrix, QrDecomposition } from 'ml-matrix';

/**
 * Mean squared cosine of the principal angles between two k-dimensional subspaces
 * of R^d: (1/k) ‖Aᵀ Q‖²_F, where A holds an orthonormal basis of the first and Q an
 * orthonormal basis (from QR) of the second. 1 means identical subspaces, 0 orthogonal.
 * `basis`: k orthonormal rows (e.g. the top-k PCA components); `rows`: k arbitrary rows
 * spanning the other subspace (e.g. the decoder's weight rows).
 */
export function subspaceSimilarity(basis: Float32Array, rows: Float32Array, k: number, dim: number): number {
  const spanning = new Matrix(dim, k);
  for (let j = 0; j < k; j++) for (let i = 0; i < dim; i++) spanning.set(i, j, rows[j * dim + i]);
  const q = new QrDecomposition(spanning).orthogonalMatrix; // d×k, orthonormal columns
  let sum = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += basis[a * dim + i] * q.get(i, b);
      sum += dot * dot;
    }
  }
  return sum / k;
}
