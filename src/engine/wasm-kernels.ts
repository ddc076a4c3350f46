import { shareIdentityOn } from './wasm-identity';
import { packSmallerOperandOn } from './wasm-matmul';
import { fastColumnSumsOn } from './wasm-sum';
import { fastTanhOn } from './wasm-tanh';
import { fastTransposeOn } from './wasm-transpose';

/**
 * The lab's kernels over tfjs's on a WASM backend: Identity that shares bytes, the SIMD
 * Transpose, Sum over rows and Tanh, and the matMul that packs its smaller operand. One list, so
 * the worker and the Node tests run the same.
 */
export function installLabWasmKernels(backendName: string): void {
  shareIdentityOn(backendName);
  fastTransposeOn(backendName);
  fastColumnSumsOn(backendName);
  fastTanhOn(backendName);
  packSmallerOperandOn(backendName);
}
