/// <reference lib="webworker" />
// The bench's peers, in a worker like the lab's engine and on the same backend and thread
// count (chooseBackend from src/engine/backend.ts, ?threads=N in the worker's name):
//   roofline   GFLOP/s of plain forward matMuls at a net's shapes (and, for the record, the
//              transposed-operand and explicit-transpose forms a training step uses);
//   convnetjs  ConvNetJS 0.3 training its own MNIST autoencoder demo net on real digits;
//   layers-fit a naive tfjs-layers model.fit on a dense autoencoder (what tfjs-based peers do).
import * as tf from '@tensorflow/tfjs';
import convnetjs from 'convnetjs';
import { chooseBackend } from '../../src/engine/backend';
import { maybeGunzip } from '../../src/data/gunzip';
import { parseIdx } from '../../src/data/idx';
import { createDenseAe } from '../../src/models/dense-ae';
import { gatherRows, Trainer, uploadData } from '../../src/engine/trainer';
import { withTfjsKernel } from '../../src/engine/wasm-kernel-override';

export type PeerTask =
  | { kind: 'backend' }
  | { kind: 'roofline'; widths: number[]; batch: number; seconds: number }
  | { kind: 'convnetjs'; seconds: number }
  | { kind: 'layers-fit'; widths: number[]; activation: 'relu' | 'tanh'; batch: number; seconds: number }
  | { kind: 'profile'; widths: number[]; activation: 'relu' | 'tanh'; batch: number; steps: number }
  | { kind: 'micro'; seconds: number };

export type PeerResult = Record<string, unknown>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
let backend: Promise<PeerResult> | null = null;
const ensureBackend = () => (backend ??= chooseBackend('wasm').then((b) => ({ ...b })));

/** The first n MNIST digits of the lab's 10k file, pixels in [0, 1]. */
let digitsCache: Promise<{ pixels: Float32Array; n: number }> | null = null;
function digits(): Promise<{ pixels: Float32Array; n: number }> {
  digitsCache ??= (async () => {
    const res = await fetch(new URL('/datasets/mnist-10k-images-idx3-ubyte.gz', scope.location.origin));
    const idx = parseIdx(await maybeGunzip(new Uint8Array(await res.arrayBuffer())), 'mnist-10k-images');
    const n = Math.min(8000, idx.dims[0]);
    const pixels = new Float32Array(n * 784);
    for (let i = 0; i < pixels.length; i++) pixels[i] = idx.data[i] / 255;
    return { pixels, n };
  })();
  return digitsCache;
}

/** Runs f repeatedly for about `seconds` (after one warm-up call); returns calls per second. */
function rate(f: () => void, seconds: number): { calls: number; ms: number } {
  f();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    f();
    calls++;
  }
  return { calls, ms: performance.now() - t0 };
}

/**
 * GFLOP/s of y = a·b (2·m·k·n flops a call) for each [m×k]·[k×n] of the net, one after another.
 * Only the products are timed (WASM runs them synchronously), not the disposal of their results
 * or the loop around them. With `freshB`, b is a new tensor at every call, as a training step's
 * weights are (each step makes new ones): tfjs's WASM matMul hands b to XNNPACK, which packs it
 * into its own layout once per tensor and caches that on b's id, so a b that never changes never
 * pays for packing. The new b is made just before, off the clock, so it sits in cache as a weight
 * Adam has just written does.
 */
function matMulGflops(shapes: [number, number, number][], seconds: number, mul: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor, freshB = false): number {
  const operands = shapes.map(([m, k, n]) => [tf.randomNormal([m, k]), tf.randomNormal([k, n])] as [tf.Tensor2D, tf.Tensor2D]);
  const flops = shapes.reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
  let ms = 0;
  const round = () => {
    for (const [a, b] of operands) {
      const operand = freshB ? (tf.add(b, 0) as tf.Tensor2D) : b;
      const t = performance.now();
      const y = tf.tidy(() => mul(a, operand));
      ms += performance.now() - t;
      tf.dispose(freshB ? [y, operand] : y);
    }
  };
  round();
  ms = 0;
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    round();
    calls++;
  }
  tf.dispose(operands.flat());
  return (calls * flops) / (ms / 1000) / 1e9;
}

/**
 * The roofline is tfjs's own matMul (XNNPACK), not the lab's (which packs the smaller operand,
 * wasm-matmul.ts: with a b that never changes that would only add transposes); the lab's, with
 * new operands at every call as a step has them, is reported beside it.
 */
function roofline(widths: number[], batch: number, seconds: number): PeerResult {
  const lab = matMulGflops(rooflineShapes(widths, batch), seconds, (a, b) => tf.matMul(a, b), true);
  return { ...withTfjsKernel('BatchMatMul', tf.getBackend(), () => tfjsRoofline(widths, batch, seconds)), forwardLabFreshWeightsGflops: +lab.toFixed(2) };
}

const rooflineShapes = (widths: number[], batch: number) => widths.slice(1).map((out, i) => [batch, widths[i], out] as [number, number, number]);

function tfjsRoofline(widths: number[], batch: number, seconds: number): PeerResult {
  const layers = widths.slice(1).map((out, i) => [widths[i], out] as const);
  const forward = rooflineShapes(widths, batch);
  const each = forward.map((s) => ({ shape: `${s[0]}x${s[1]}·${s[1]}x${s[2]}`, gflops: +matMulGflops([s], seconds / 4, (a, b) => tf.matMul(a, b)).toFixed(2) }));
  const plain = matMulGflops(forward, seconds, (a, b) => tf.matMul(a, b));
  const freshWeights = matMulGflops(forward, seconds, (a, b) => tf.matMul(a, b), true);
  // The backward products with tfjs's transpose flags: ∂L/∂x = dy·Wᵀ [B×o]·[i×o]ᵀ, ∂L/∂W = xᵀ·dy [B×i]ᵀ·[B×o].
  const dxFlagged = matMulGflops(
    layers.map(([i, o]) => [batch, o, i]),
    seconds / 2,
    (dy, w) => tf.matMul(dy, tf.reshape(w, [w.shape[1], w.shape[0]]) as tf.Tensor2D, false, true),
  );
  const dwFlagged = matMulGflops(
    layers.map(([i, o]) => [i, batch, o]),
    seconds / 2,
    (xT, dy) => tf.matMul(tf.reshape(xT, [xT.shape[1], xT.shape[0]]) as tf.Tensor2D, dy, true, false),
  );
  // The same products as src/models/matmul.ts runs them: an explicit transpose, then a plain matMul.
  const dxExplicit = matMulGflops(
    layers.map(([i, o]) => [batch, o, i]),
    seconds / 2,
    (dy, w) => tf.matMul(dy, tf.transpose(tf.reshape(w, [w.shape[1], w.shape[0]]))),
  );
  const dwExplicit = matMulGflops(
    layers.map(([i, o]) => [i, batch, o]),
    seconds / 2,
    (xT, dy) => tf.matMul(tf.transpose(tf.reshape(xT, [xT.shape[1], xT.shape[0]])), dy),
  );
  const r = (x: number) => +x.toFixed(2);
  return {
    forwardGflops: r(plain),
    forwardFreshWeightsGflops: r(freshWeights),
    forwardByShape: each,
    backwardGflops: { dxTransposeFlag: r(dxFlagged), dwTransposeFlag: r(dwFlagged), dxExplicitTranspose: r(dxExplicit), dwExplicitTranspose: r(dwExplicit) },
    // Forward, ∂L/∂x and ∂L/∂W per layer, less the first layer's ∂L/∂x (the data's: never computed).
    flopsPerSample: 6 * layers.reduce((s, [i, o]) => s + i * o, 0) - 2 * widths[0] * widths[1],
  };
}

/** ConvNetJS's MNIST autoencoder demo: 784-50-50-2-50-50-784, tanh, regression loss, Adadelta, batch 50, L2 decay 0.001. */
async function convnet(seconds: number): Promise<PeerResult> {
  const { pixels, n } = await digits();
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'fc', num_neurons: 50, activation: 'tanh' },
    { type: 'fc', num_neurons: 50, activation: 'tanh' },
    { type: 'fc', num_neurons: 2 },
    { type: 'fc', num_neurons: 50, activation: 'tanh' },
    { type: 'fc', num_neurons: 50, activation: 'tanh' },
    { type: 'regression', num_neurons: 784 },
  ]);
  const trainer = new convnetjs.SGDTrainer(net, { learning_rate: 1, method: 'adadelta', batch_size: 50, l2_decay: 0.001 });
  const vols = Array.from({ length: n }, (_, i) => {
    const v = new convnetjs.Vol(28, 28, 1, 0);
    v.w.set(pixels.subarray(i * 784, (i + 1) * 784));
    return v;
  });
  let k = 0;
  let loss = 0;
  // Whole batches of 50 samples (ConvNetJS updates every 50th train call).
  const { calls, ms } = rate(() => {
    loss = 0;
    for (let j = 0; j < 50; j++, k = (k + 1) % n) loss += trainer.train(vols[k], vols[k].w).cost_loss;
  }, seconds);
  return { samplesPerSecond: Math.round((calls * 50) / (ms / 1000)), lastBatchLoss: +(loss / 50).toFixed(3), samples: calls * 50 };
}

/** The naive tfjs way: tf.sequential dense layers, compile, model.fit (tfjs's own gradients and Adam). */
async function layersFit(widths: number[], activation: 'relu' | 'tanh', batch: number, seconds: number): Promise<PeerResult> {
  const { pixels, n } = await digits();
  const model = tf.sequential();
  widths
    .slice(1)
    .forEach((units, i) => model.add(tf.layers.dense({ units, inputShape: i === 0 ? [widths[0]] : undefined, activation: i === widths.length - 2 ? 'sigmoid' : activation })));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  // 20 batches an epoch: model.fit's per-epoch set-up counts, as it does for anyone calling it.
  const x = tf.tensor2d(pixels.subarray(0, Math.min(n, 20 * batch) * widths[0]), [Math.min(n, 20 * batch), widths[0]]);
  await model.fit(x, x, { batchSize: batch, epochs: 1, shuffle: true, verbose: 0 }); // warm-up epoch
  let epochs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await model.fit(x, x, { batchSize: batch, epochs: 1, shuffle: true, verbose: 0 });
    epochs++;
  }
  const ms = performance.now() - t0;
  const rows = x.shape[0];
  x.dispose();
  model.dispose();
  return { samplesPerSecond: Math.round((epochs * rows) / (ms / 1000)), msPerStep: +(ms / (epochs * Math.ceil(rows / batch))).toFixed(2), epochs };
}

/**
 * Where a lab training step's time goes: the lab's own model and Trainer, timed whole, as
 * forward + backward only (no optimizer), forward only, and kernel by kernel (tf.profile).
 */
async function profile(widths: number[], activation: 'relu' | 'tanh', batch: number, steps: number): Promise<PeerResult> {
  const { pixels, n } = await digits();
  const dim = widths[0];
  const data = uploadData(pixels.subarray(0, (n - 1000) * dim), n - 1000, pixels.subarray((n - 1000) * dim, n * dim), 1000, dim);
  const depth = (widths.length - 1) / 2;
  const model = createDenseAe({
    family: 'autoencoder',
    inputDim: dim,
    hidden: widths.slice(1, depth),
    latent: widths[depth],
    activation,
    tiedWeights: false,
    loss: 'cross-entropy',
    seed: 1,
  });
  const trainer = new Trainer(model, data, { learningRate: 1e-3, batchSize: batch, optimizer: 'adam' }, 1);
  const x = tf.slice(data.train, [0, 0], [batch, dim]) as tf.Tensor2D;
  const vars = Object.values(model.variables());
  const time = (f: () => void) => {
    f();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) f();
    return +((performance.now() - t0) / steps).toFixed(2);
  };
  const whole = time(() => tf.dispose(Object.values(trainer.trainSteps(1))));
  const gradsOnly = time(() => {
    const { value, grads } = tf.variableGrads(() => model.loss(x, 0).total, vars);
    tf.dispose([value, ...Object.values(grads), ...Object.values(model.loss(x, 0).terms)]);
  });
  const forwardOnly = time(() => tf.tidy(() => model.loss(x, 0).total));
  const before = tf.memory().numTensors;
  const kernels = new Map<string, { ms: number; calls: number }>();
  const info = await tf.profile(() => {
    for (let i = 0; i < 5; i++) tf.dispose(Object.values(trainer.trainSteps(1)));
  });
  for (const k of info.kernels) {
    const e = kernels.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += Number(k.kernelTimeMs) / 5;
    e.calls += 1 / 5;
    kernels.set(k.name, e);
  }
  const leaked = tf.memory().numTensors - before;
  x.dispose();
  trainer.dispose();
  tf.dispose([data.train, data.test]);
  const byKernel = [...kernels.entries()].map(([name, e]) => ({ name, msPerStep: +e.ms.toFixed(2), callsPerStep: +e.calls.toFixed(1) })).sort((a, b) => b.msPerStep - a.msPerStep);
  return {
    msPerStep: whole,
    forwardBackwardMs: gradsOnly,
    forwardMs: forwardOnly,
    kernelsPerStep: +(info.kernels.length / 5).toFixed(1),
    kernelMsPerStep: +byKernel.reduce((s, k) => s + k.msPerStep, 0).toFixed(2),
    byKernel,
    leaked,
  };
}

/** Milliseconds per call of single ops the training step leans on (bench net shapes, batch 128). */
async function micro(seconds: number): Promise<PeerResult> {
  const { pixels, n } = await digits();
  const train = tf.tensor2d(pixels, [n, 784]);
  const idx = tf.tensor1d(
    Array.from({ length: 128 }, (_, i) => (i * 61) % n),
    'int32',
  );
  const rows = idx.dataSync() as Int32Array;
  const a = tf.randomNormal([128, 784]);
  const w = tf.randomNormal([784, 256]);
  const small = tf.randomNormal([256]);
  const s = tf.scalar(0.9);
  const ms = (f: () => tf.TensorContainer) => {
    const { calls, ms } = rate(() => tf.dispose(f()), seconds);
    return +(ms / calls).toFixed(3);
  };
  const out = {
    gather128of8000: ms(() => tf.gather(train, idx)),
    gatherRows128of8000: ms(() => gatherRows(train, rows, idx)),
    slice128rows: ms(() => tf.slice(train, [256, 0], [128, 784])),
    matMul128x784x256: ms(() => tf.matMul(a, w)),
    transpose784x256: ms(() => tf.transpose(w)),
    mul128x784: ms(() => tf.mul(a, a)),
    mulScalar128x784: ms(() => tf.mul(a, s)),
    mulNumber128x784: ms(() => tf.mul(a, 0.9)),
    add256: ms(() => tf.add(small, small)),
    mul784x256: ms(() => tf.mul(w, s)),
    clone784x256: ms(() => tf.clone(w)),
    scalarCreate: ms(() => tf.scalar(0.5)),
  };
  tf.dispose([train, idx, a, w, small, s]);
  return out;
}

async function run(task: PeerTask): Promise<PeerResult> {
  const info = await ensureBackend();
  if (task.kind === 'backend') return info;
  if (task.kind === 'roofline') return roofline(task.widths, task.batch, task.seconds);
  if (task.kind === 'convnetjs') return convnet(task.seconds);
  if (task.kind === 'micro') return micro(task.seconds);
  if (task.kind === 'profile') return profile(task.widths, task.activation, task.batch, task.steps);
  return layersFit(task.widths, task.activation, task.batch, task.seconds);
}

scope.onmessage = (e: MessageEvent<{ id: number; task: PeerTask }>) => {
  run(e.data.task).then(
    (result) => scope.postMessage({ id: e.data.id, result }),
    (err: unknown) => scope.postMessage({ id: e.data.id, error: err instanceof Error ? err.message : String(err) }),
  );
};
