import * as tf from '@tensorflow/tfjs';

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
 * gradient would be thrown away). `backward` gets ∂L/∂y and the inputs.
 */
export function customOp<K extends string>(
  inputs: Record<K, tf.Tensor>,
  forward: () => tf.Tensor,
  backward: (dy: tf.Tensor, saved: Record<K, tf.Tensor>) => Record<K, () => tf.Tensor>,
): tf.Tensor {
  const names = Object.keys(inputs) as K[];
  const engine = tf.engine() as unknown as KernelFuncEngine;
  return engine.runKernelFunc({
    inputs,
    forwardFunc: (_, save) => {
      save(names.map((k) => inputs[k]));
      return forward();
    },
    backwardsFunc: (dy, saved) => backward(dy, Object.fromEntries(names.map((k, i) => [k, saved[i]])) as Record<K, tf.Tensor>),
  });
}
