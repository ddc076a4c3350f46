import * as tf from '@tensorflow/tfjs-core';

interface RefCountedBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * tf.clone on WASM shares the tensor's bytes, as it does on tfjs's CPU and WebGL backends,
 * instead of copying them. The engine clones every tensor it saves for the backward pass, so
 * WASM's copying Identity cost a memcpy and a kernel per saved tensor each step (14 copies of
 * the 50×784 output on ConvNetJS's net). Tensors are immutable and the WASM backend counts
 * references (its Reshape shares the same way), so sharing is safe.
 */
export function shareIdentityOn(backendName: string): void {
  const kernel = tf.getKernel('Identity', backendName);
  if (!kernel || (kernel.kernelFunc as { shares?: true }).shares) return;
  const identity = ({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo => {
    const x = inputs.x as tf.TensorInfo;
    (backend as RefCountedBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  tf.unregisterKernel('Identity', backendName);
  tf.registerKernel({ kernelName: 'Identity', backendName, kernelFunc: Object.assign(identity, { shares: true as const }) as unknown as tf.KernelFunc });
}
