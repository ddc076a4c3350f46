import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdam } from '../../src/engine/fused-adam';
import { isLabKernel } from '../../src/engine/wasm-kernel-override';
import { dense, type LayerActivation } from '../../src/models/dense-op';
import { matMul } from '../../src/models/matmul';
import { bernoulliNll } from '../../src/models/vae-likelihood';
import { useTestBackend } from './tf-setup';

/*
 * The training step's own kernels (fused Adam, matMul's lazy gradients, the Bernoulli loss's
 * written-out gradient, WASM's sharing Identity) against what tfjs computes with its own.
 */

const seeded = (shape: [number, number], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor2D;
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('the training step on WASM', () => {
  let backend = '';
  beforeAll(async () => {
    backend = await useTestBackend();
  });

  it('fused Adam (its SIMD kernel and its JS loop) follows tf.train.adam bit for bit, across a learning-rate change', () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the fused Adam needs the WASM backend');
    // A small least-squares problem: L = mean((x W + b − y)²), W 6×3, b 3 (and one variable off the loss's path).
    const x = seeded([16, 6], 1);
    const y = seeded([16, 3], 2);
    const make = () => ({ w: tf.variable(seeded([6, 3], 3)), b: tf.variable(tf.zeros([3])), unused: tf.variable(tf.ones([2])) });
    const ours = make();
    const theirs = make();
    const loss = (v: ReturnType<typeof make>) => () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, v.w), v.b), y))) as tf.Scalar;
    const fused = new FusedAdam(0.05);
    const reference = tf.train.adam(0.05);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 60; step++) {
      if (step === 30) {
        fused.setLearningRate(0.01);
        (reference as unknown as { learningRate: number }).learningRate = 0.01;
      }
      tf.dispose(fused.minimize(loss(ours), [ours.w, ours.b, ours.unused]));
      tf.dispose(reference.minimize(loss(theirs), true, [theirs.w, theirs.b]) ?? []);
      if (step === 1) expect(tf.memory().numTensors).toBe(before + 4); // the reference's moments (2 × 2) only
    }
    expect(tf.memory().numTensors).toBe(before + 4);
    // Bit for bit: float32 throughout, in tfjs's order of operations. W's 18 entries take the
    // SIMD kernel (16) and the JS loop (2), b's 3 the JS loop alone.
    expect(fused.simd).toBe(true);
    expect(maxAbsDiff(ours.w, theirs.w)).toBe(0);
    expect(maxAbsDiff(ours.b, theirs.b)).toBe(0);
    // It moved far from the start (so agreeing is not trivial), and left the variable off the path alone.
    expect(maxAbsDiff(ours.w, seeded([6, 3], 3))).toBeGreaterThan(0.3);
    expect(Array.from(ours.unused.dataSync())).toEqual([1, 1]);
    tf.dispose([x, y, ...Object.values(ours), ...Object.values(theirs)]);
    reference.dispose();
  });

  it("transposes a matrix of any shape with the lab's SIMD kernel, exactly, and leaves other transposes to tfjs", () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the SIMD transpose is a WASM kernel');
    expect(isLabKernel('Transpose', backend)).toBe(true);
    // Whole 4×4 blocks, ragged rows, ragged columns, both, single rows and columns, the nets' shapes.
    for (const [r, c] of [
      [4, 4],
      [8, 12],
      [5, 4],
      [4, 7],
      [5, 7],
      [1, 9],
      [9, 1],
      [1, 1],
      [3, 2],
      [50, 784],
      [128, 784],
      [2, 50],
      [784, 3],
    ]) {
      const values = Float32Array.from({ length: r * c }, (_, i) => i + 0.5);
      const x = tf.tensor2d(values, [r, c]);
      const t = tf.transpose(x);
      expect(t.shape).toEqual([c, r]);
      const got = t.dataSync();
      let wrong = 0;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if (got[j * r + i] !== values[i * c + j]) wrong++;
      expect(wrong, `${r}×${c}`).toBe(0);
      tf.dispose([x, t]);
    }
    // Not a float32 matrix: tfjs's kernel.
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const cube = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(tf.transpose(ints).dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(tf.transpose(cube, [2, 0, 1]).dataSync())).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    tf.dispose([ints, cube]);
  });

  it("sums a matrix's columns with the lab's SIMD kernel, bit for bit as tfjs sums rows, and leaves other sums to tfjs", () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the SIMD column sums are a WASM kernel');
    expect(isLabKernel('Sum', backend)).toBe(true);
    for (const [r, c] of [
      [128, 784],
      [50, 50],
      [3, 7],
      [1, 5],
      [7, 2],
      [128, 2],
    ]) {
      const x = seeded([r, c], r + c);
      // tfjs's own Sum along the last axis (not the lab's), of xᵀ: the same additions in the same order.
      const [ours, keep, negative, theirs] = [tf.sum(x, 0), tf.sum(x, 0, true), tf.sum(x, -2), tf.tidy(() => tf.sum(tf.transpose(x), 1))];
      expect([ours.shape, keep.shape], `${r}×${c}`).toEqual([[c], [1, c]]);
      for (const t of [ours, keep, negative]) expect(maxAbsDiff(t.reshape([c]), theirs), `${r}×${c}`).toBe(0);
      tf.dispose([x, ours, keep, negative, theirs]);
    }
    // Not a float32 matrix over its rows: tfjs's kernel.
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const cube = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(tf.sum(ints, 0).dataSync())).toEqual([5, 7, 9]);
    expect(Array.from(tf.sum(cube, 0).dataSync())).toEqual([6, 8, 10, 12]);
    expect(Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2])).dataSync())).toEqual([10]);
    tf.dispose([ints, cube]);
  });

  it("takes tanh with the lab's SIMD rational approximation: within 3 float32 ulps of tanh (relative, for small x too), its JS tail the same to the bit", () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the SIMD tanh is a WASM kernel');
    expect(isLabKernel('Tanh', backend)).toBe(true);
    // From tiny to saturated, both signs, plus 0; 4k + 3 values so the last 3 take the JS path.
    const xs = [0, 1e-30, -1e-8, 3e-4, -0.01, 0.1, -0.5, 1, -2, 3.3, -5, 7.9, -8, 9, -20, 100];
    for (let i = 0; i < 2000; i++) xs.push(Math.fround(-10 + i / 100));
    xs.push(0.1, -2, 7.9); // the tail repeats values the kernel also took
    const x = tf.tensor1d(xs);
    const t = tf.tanh(x);
    const got = t.dataSync();
    let worst = 0;
    xs.forEach((v, i) => {
      const exact = Math.tanh(Math.fround(v));
      const ulp = Math.max(Math.abs(exact), 1e-38) * 2 ** -23;
      worst = Math.max(worst, Math.abs(got[i] - exact) / ulp);
    });
    expect(worst).toBeLessThan(3); // measured: 2.26
    expect([got[xs.length - 3], got[xs.length - 2], got[xs.length - 1]]).toEqual([got[5], got[8], got[11]]);
    tf.dispose([x, t]);
  });

  it('multiplies as (Bᵀ·Aᵀ)ᵀ where B is the wider operand, agreeing with float64 to float32 rounding, and frees its intermediates', () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the smaller-operand matMul is a WASM kernel');
    expect(isLabKernel('BatchMatMul', backend)).toBe(true);
    const dataIds = () => (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
    const before = { tensors: tf.memory().numTensors, ids: dataIds() };
    // n > m (flipped: ragged, one row, the nets' shapes) and n ≤ m (tfjs's order), as 2-D and batched 3-D.
    for (const [m, k, n] of [
      [5, 7, 13],
      [1, 784, 256],
      [3, 1, 9],
      [128, 256, 784],
      [128, 784, 256],
      [100, 600, 6000],
      [784, 128, 256],
      [13, 7, 5],
    ]) {
      const av = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37 + m));
      const bv = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11 + n));
      const a = tf.tensor2d(av, [m, k]);
      const b = tf.tensor2d(bv, [k, n]);
      const c = tf.matMul(a, b);
      const c3 = tf.tidy(() => tf.matMul(tf.reshape(a, [1, m, k]) as tf.Tensor3D, tf.reshape(b, [1, k, n]) as tf.Tensor3D));
      expect(c.shape).toEqual([m, n]);
      expect(c3.shape).toEqual([1, m, n]);
      const [got, got3] = [c.dataSync(), c3.dataSync()];
      let worst = 0;
      for (let i = 0; i < m; i += Math.max(1, m >> 4))
        for (let j = 0; j < n; j++) {
          let exact = 0;
          let scale = 0;
          for (let t = 0; t < k; t++) {
            exact += av[i * k + t] * bv[t * n + j];
            scale += Math.abs(av[i * k + t] * bv[t * n + j]);
          }
          worst = Math.max(worst, Math.abs(got[i * n + j] - exact) / scale, Math.abs(got3[i * n + j] - exact) / scale);
        }
      // float32 sums of k terms: a few ulps of Σ|aᵢbᵢ| (2⁻²³ ≈ 1.2e-7).
      expect(worst, `${m}×${k}·${k}×${n}`).toBeLessThan(2e-6);
      tf.dispose([a, b, c, c3]);
    }
    // The transposed copies and the flipped product are freed on the heap, not only in tfjs's count.
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(dataIds()).toBe(before.ids);
  });

  it("matMul's gradients match tfjs's, and skip ∂L/∂x when x is the data", async () => {
    const x = seeded([8, 5], 4);
    const w = tf.variable(seeded([5, 4], 5)) as tf.Variable<tf.Rank.R2>;
    const w2 = tf.variable(seeded([4, 3], 6)) as tf.Variable<tf.Rank.R2>;
    // Two layers: the second's input depends on w, so its ∂L/∂x is needed; the first's is not.
    const f = (mm: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => () => tf.sum(tf.square(mm(tf.tanh(mm(x, w)), w2))) as tf.Scalar;
    const ours = tf.variableGrads(f(matMul), [w, w2]);
    const theirs = tf.variableGrads(
      f((a, b) => tf.matMul(a, b)),
      [w, w2],
    );
    expect(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0])).toBeLessThan(1e-4);
    for (const v of [w, w2]) expect(maxAbsDiff(ours.grads[v.name], theirs.grads[v.name])).toBeLessThan(1e-4);
    // Kernels: 2 forward products, then ∂L/∂W2, ∂L/∂h and ∂L/∂W1 (tf.customGrad also made ∂L/∂x: 6).
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(f(matMul), [w, w2]);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(profile.kernels.filter((k) => k.name === 'BatchMatMul').length).toBe(5);
    tf.dispose([x, w, w2, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
  });

  it('the Bernoulli loss on 784-pixel rows (its logs taken per block of 112) agrees with float64, from near 0 to far past ½¹²⁰', () => {
    // Logits from tiny (σ(|l|) near ½ in every entry of a block: the product's floor) to large.
    const rows = [0, 0.01, 1, 4, 30].map((scale, r) => Array.from({ length: 784 }, (_, i) => scale * Math.sin(0.37 * i + r)));
    const pixels = rows.map((row, r) => row.map((_, i) => ((i * 7 + r) % 5) / 4));
    const exact = rows.map((row, b) => row.reduce((s, l, i) => s + Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))) - l * pixels[b][i], 0));
    for (let b = 0; b < rows.length; b++) {
      const value = tf.tidy(() => bernoulliNll(tf.tensor2d([rows[b]]), tf.tensor2d([pixels[b]])).dataSync()[0]);
      expect(Math.abs(value - exact[b])).toBeLessThan(2e-6 * Math.abs(exact[b]) + 1e-4);
    }
    // Row 0 is all zeros: 784 · log 2 nats exactly.
    expect(exact[0]).toBeCloseTo(784 * Math.LN2, 6);
  });

  const acts: LayerActivation[] = ['relu', 'sigmoid', 'tanh', 'linear'];
  for (const act of acts) {
    it(`dense(x, W, b, ${act}): the value and every gradient match tfjs's own act(xW + b), with fewer kernels`, async () => {
      const x = seeded([8, 5], 7);
      const w = tf.variable(seeded([5, 4], 8)) as tf.Variable<tf.Rank.R2>;
      const b = tf.variable(tf.tensor1d([0.3, -0.2, 0.1, -0.5]));
      const w2 = tf.variable(seeded([4, 3], 9)) as tf.Variable<tf.Rank.R2>;
      const b2 = tf.variable(tf.tensor1d([0.1, 0, -0.1]));
      const theirsLayer = (h: tf.Tensor2D, k: tf.Tensor2D, c: tf.Tensor, a: LayerActivation) => {
        const pre = tf.add(tf.matMul(h, k), c) as tf.Tensor2D;
        return a === 'relu' ? tf.relu(pre) : a === 'sigmoid' ? tf.sigmoid(pre) : a === 'tanh' ? tf.tanh(pre) : pre;
      };
      // Two layers, so the second's ∂L/∂x flows into the first; a weighted sum so each output's gradient differs.
      const g = seeded([8, 3], 10);
      const f = (layer: typeof theirsLayer) => () => tf.sum(tf.mul(layer(layer(x, w, b, act), w2, b2, act), g)) as tf.Scalar;
      const vars = [w, b, w2, b2];
      const ours = tf.variableGrads(f(dense), vars);
      const theirs = tf.variableGrads(f(theirsLayer), vars);
      expect(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0])).toBeLessThan(1e-4);
      for (const v of vars) {
        const d = maxAbsDiff(ours.grads[v.name], theirs.grads[v.name]);
        expect(d).toBeLessThan(1e-4);
      }
      // Not trivially zero: the first layer's weights get a real gradient.
      expect(tf.tidy(() => tf.max(tf.abs(ours.grads[w.name])).dataSync()[0])).toBeGreaterThan(1e-3);
      const kernels = async (layer: typeof theirsLayer) =>
        (
          await tf.profile(() => {
            const { value, grads } = tf.variableGrads(f(layer), vars);
            tf.dispose([value, ...Object.values(grads)]);
          })
        ).kernels.length;
      const [k1, k2] = [await kernels(dense), await kernels(theirsLayer)];
      expect(k1).toBeLessThan(k2);
      tf.dispose([x, g, ...vars, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
    });
  }

  it("the Bernoulli loss's written-out gradient (σ(l) − x)/B matches the tape's, for any logit", () => {
    const logits = tf.tensor2d([
      [-100, -30, -14, -5, -1e-3, 0, 1e-3, 5, 14, 30, 100],
      [0.5, -0.5, 2, -2, 8, -8, 0, 3, -3, 20, -20],
    ]);
    const x = tf.tensor2d([
      [0, 1, 0, 0.3, 1, 0, 0, 1, 0, 0.2, 1],
      [1, 0, 0.5, 0.5, 1, 0, 1, 0, 1, 1, 0],
    ]);
    // −log Bern(x; σ(l)) = max(l, 0) − l·x + log(1 + e^{−|l|}), row sums, mean over rows: through tfjs's own gradients.
    const byTape = (l: tf.Tensor2D) => tf.mean(tf.sum(tf.add(tf.sub(tf.relu(l), tf.mul(l, x)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), 1)) as tf.Scalar;
    // The same in float64: softplus(l) − l·x.
    const [l64, x64] = [logits.arraySync(), x.arraySync()];
    const rows = l64.map((row, b) => row.reduce((s, l, i) => s + Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))) - l * x64[b][i], 0));
    const exact = (rows[0] + rows[1]) / 2;
    const value = bernoulliNll(logits, x).dataSync()[0];
    expect(Math.abs(value - exact)).toBeLessThan(1e-5 * exact);
    expect(Math.abs(byTape(logits).dataSync()[0] - exact)).toBeLessThan(1e-5 * exact);
    const ours = tf.grad((l: tf.Tensor) => bernoulliNll(l as tf.Tensor2D, x))(logits);
    const theirs = tf.grad((l: tf.Tensor) => byTape(l as tf.Tensor2D))(logits);
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-6);
    tf.dispose([logits, x, ours, theirs]);
  });

  it('a clone on WASM shares its bytes and outlives the original', () => {
    if (!backend.startsWith('wasm')) return void console.warn('skipped: the sharing Identity is WASM’s');
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    expect(b.dataId).toBe(a.dataId); // no copy
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
  });
});
