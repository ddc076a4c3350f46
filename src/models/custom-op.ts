import * as tf from '@tensorflow/tfjs-core';

/** The engine's entry for an op with its own backward pass (tf.customGrad goes through it too). */
interface KernelFuncEngine {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
}

/**
 * y = forward(inputs) with a hand-written backward pass. Unlike tf.customGrad, which computes
 * every input's gradient eagerly, each gradient here is a thunk, and the tape calls only those
 * of inputs on the path from the trained variables (a first layer's input is the data: its
 * gradient would be thrown away). `backward` gets ∂L/∂y, the inputs it keeps and (if kept) y.
 */
export function customOp<K extends string, S extends K = K>(
  inputs: Record<K, tf.Tensor>,
  forward: () => tf.Tensor,
  backward: (dy: tf.Tensor, saved: Record<S, tf.Tensor>, y: tf.Tensor) => Record<NoInfer<K>, () => tf.Tensor>,
  /**
   * What the backward pass reads: `inputs` (all by default; each kept is a copy on the tape) and,
   * with `output`, y itself.
   */
  keep: { inputs?: readonly S[]; output?: boolean } = {},
): tf.Tensor {
  const names = keep.inputs ?? (Object.keys(inputs) as S[]);
  const engine = tf.engine() as unknown as KernelFuncEngine;
  return engine.runKernelFunc({
    inputs,
    forwardFunc: (_, save) => {
      const y = forward();
      save([...names.map((k) => inputs[k]), ...(keep.output ? [y] : [])]);
      return y;
    },
    backwardsFunc: (dy, saved) => backward(dy, Object.fromEntries(names.map((k, i) => [k, saved[i]])) as Record<S, tf.Tensor>, saved[names.length]),
  });
}
