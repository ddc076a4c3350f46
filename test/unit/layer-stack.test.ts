import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { affine, denseStack, glorotUniform, layerNames } from '../../src/models/layer-stack';
import { useTestBackend } from './tf-setup';

const shapes = (vars: Readonly<Record<string, tf.Variable>>) => Object.entries(vars).map(([k, v]) => [k, v.shape]);
const values = (t: tf.Tensor) => Array.from(t.dataSync());
/** Row-major [r × c] as nested arrays. */
const rows = (t: tf.Tensor2D) => t.arraySync();

describe('denseStack: names, shapes, init', () => {
  beforeAll(useTestBackend);

  it('names each layer by its prefix, in layer order (kernel, then bias), with [in × out] kernels', () => {
    expect(layerNames('encoder', 2)).toEqual(['encoder/layer0', 'encoder/layer1']);
    expect(layerNames('decoder', 0)).toEqual([]);
    const s = denseStack({ names: [...layerNames('encoder', 2), 'code'], sizes: [784, 256, 64, 16], seed: 1, activation: 'relu' });
    expect(shapes(s.variables)).toEqual([
      ['encoder/layer0/kernel', [784, 256]],
      ['encoder/layer0/bias', [256]],
      ['encoder/layer1/kernel', [256, 64]],
      ['encoder/layer1/bias', [64]],
      ['code/kernel', [64, 16]],
      ['code/bias', [16]],
    ]);
    expect(s.depth).toBe(3);
    expect(s.kernel(1)).toBe(s.variables['encoder/layer1/kernel']);
    expect(s.bias(2)).toBe(s.variables['code/bias']);
    s.dispose();
    const empty = denseStack({ names: [], sizes: [5], seed: 1, activation: 'tanh' });
    expect(empty.variables).toEqual({});
    const x = tf.ones([2, 5]) as tf.Tensor2D;
    expect(empty.apply(x)).toBe(x);
    x.dispose();
    expect(() => denseStack({ names: ['a', 'b'], sizes: [3, 4], seed: 1, activation: 'relu' })).toThrow(/2 layers needs 3 sizes/);
  });

  it('Glorot uniform: every W_ij in ±√(6/(in+out)), spread over it; biases 0; layer i seeded seed + i', () => {
    const s = denseStack({ names: ['a', 'b'], sizes: [30, 20, 20], seed: 5, activation: 'sigmoid' });
    const w = values(s.kernel(0));
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * limit);
    const variance = w.reduce((acc, v) => acc + v * v, 0) / w.length;
    expect(Math.abs(variance - limit ** 2 / 3) / (limit ** 2 / 3)).toBeLessThan(0.15); // Var = limit²/3 = 2/(in+out)
    expect(values(s.bias(0)).every((b) => b === 0)).toBe(true);
    // Layer 1 of the stack seeded 5 is the kernel glorotUniform seeds with 6.
    const alone = glorotUniform([20, 20], 6);
    expect(values(s.kernel(1))).toEqual(values(alone));
    alone.dispose();
    s.dispose();
  });

  it('is deterministic for a seed and differs between seeds; biasStd draws small truncated-normal biases', () => {
    const make = (seed: number, biasStd?: number) => denseStack({ names: ['x', 'y'], sizes: [6, 5, 4], seed, activation: 'tanh', biasStd });
    const [a, b, c] = [make(3), make(3), make(4)];
    expect(values(a.kernel(1))).toEqual(values(b.kernel(1)));
    expect(values(a.kernel(1))).not.toEqual(values(c.kernel(1)));
    const [p, q] = [make(3, 0.001), make(3, 0.001)];
    const bias = values(p.bias(1));
    expect(bias).toEqual(values(q.bias(1)));
    expect(bias.every((v) => Math.abs(v) <= 0.002)).toBe(true);
    expect(bias.some((v) => v !== 0)).toBe(true);
    expect(values(p.kernel(0))).toEqual(values(a.kernel(0))); // the bias noise leaves the kernels alone
    [a, b, c, p, q].forEach((s) => s.dispose());
  });

  it("a tied stack owns only biases; its kernels are the mirrored stack's, transposed", () => {
    const enc = denseStack({ names: ['e0', 'e1'], sizes: [6, 4, 2], seed: 1, activation: 'sigmoid' });
    const dec = denseStack({ names: ['d0', 'd1'], sizes: [2, 4, 6], seed: 3, activation: 'sigmoid', output: 'linear', tiedTo: enc });
    expect(shapes(dec.variables)).toEqual([
      ['d0/bias', [4]],
      ['d1/bias', [6]],
    ]);
    tf.tidy(() => {
      expect(rows(dec.kernel(0))).toEqual(rows(tf.transpose(enc.kernel(1))));
      expect(rows(dec.kernel(1))).toEqual(rows(tf.transpose(enc.kernel(0))));
    });
    expect(() => denseStack({ names: ['d'], sizes: [6, 2], seed: 1, activation: 'relu', tiedTo: enc })).toThrow(/mirrors/);
    dec.dispose();
    enc.dispose();
  });
});

describe('denseStack: forward pass', () => {
  beforeAll(useTestBackend);

  it('a_l = h_{l−1} W_l + b_l and h_l = act(a_l) by hand, the last layer linear', async () => {
    // 2 → 2 (relu) → 1 (linear): W_0 = [[1, −2], [0.5, 1]], b_0 = [0.1, −0.3], W_1 = [[2], [−1]], b_1 = [0.5].
    const s = denseStack({ names: ['hidden', 'out'], sizes: [2, 2, 1], seed: 1, activation: 'relu', output: 'linear' });
    const v = s.variables;
    tf.tidy(() => {
      v['hidden/kernel'].assign(
        tf.tensor2d([
          [1, -2],
          [0.5, 1],
        ]),
      );
      v['hidden/bias'].assign(tf.tensor1d([0.1, -0.3]));
      v['out/kernel'].assign(tf.tensor2d([[2], [-1]]));
      v['out/bias'].assign(tf.tensor1d([0.5]));
    });
    const xs = [
      [1, 2],
      [-1, 0.5],
    ];
    const hand = xs.map(([x0, x1]) => {
      const a0 = [x0 * 1 + x1 * 0.5 + 0.1, x0 * -2 + x1 * 1 - 0.3];
      const h0 = a0.map((v) => Math.max(v, 0));
      const a1 = h0[0] * 2 - h0[1] + 0.5;
      return { a0, h0, a1 };
    });
    const x = tf.tensor2d(xs);
    const [h0, h1, out] = tf.tidy(() => {
      const [l0, l1] = s.forward(x);
      return [l0.h, l1.h, s.apply(x)];
    });
    const close = (got: number[][], want: number[][]) => got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 6)));
    // Some of these a0 are negative, so ReLU's h0 = max(a0, 0) differs from a0 there.
    expect(hand.some((r) => r.a0.some((v) => v < 0))).toBe(true);
    close(
      (await h0.array()) as number[][],
      hand.map((r) => r.h0),
    );
    close(
      (await h1.array()) as number[][],
      hand.map((r) => [r.a1]),
    ); // linear output: h = a
    close(
      (await out.array()) as number[][],
      hand.map((r) => [r.a1]),
    );
    tf.dispose([x, h0, h1, out]);
    s.dispose();
  });
});

describe('affine', () => {
  beforeAll(useTestBackend);

  // x [3×2], W [2×4], b [4], G = ∂L/∂a [3×4] for L = Σ G ⊙ (xW + b).
  const xv = [
    [1, -2],
    [0.5, 3],
    [-1, 0.25],
  ];
  const wv = [
    [0.3, -1, 2, 0.5],
    [1.5, 0.2, -0.7, 1],
  ];
  const bv = [0.1, -0.2, 0.3, 0];
  const gv = [
    [1, 0, -1, 2],
    [0.5, 1, 1, -1],
    [2, -3, 0.5, 1],
  ];
  const matmul = (a: number[][], b: number[][]) => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
  const transpose = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));

  it('a = xW + b, and its gradients are the analytic ∂L/∂x = G Wᵀ, ∂L/∂W = xᵀ G, ∂L/∂b = Σ_rows G', () => {
    const [x, w, b, g] = [tf.tensor2d(xv), tf.tensor2d(wv), tf.tensor1d(bv), tf.tensor2d(gv)];
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const a = affine(x, w, b);
      const [dx, dw, db] = tf.grads((xi, wi, bi) => tf.sum(tf.mul(affine(xi as tf.Tensor2D, wi as tf.Tensor2D, bi), g)))([x, w, b]);
      return { a, dx, dw, db, noBias: affine(x, w) };
    });
    const close = (got: tf.Tensor, want: number[][] | number[]) => {
      const flat = (want as number[][]).flat();
      values(got).forEach((v, i) => expect(v).toBeCloseTo(flat[i], 5));
    };
    const xw = matmul(xv, wv);
    close(
      out.a,
      xw.map((r) => r.map((v, j) => v + bv[j])),
    );
    close(out.noBias, xw);
    close(out.dx, matmul(gv, transpose(wv)));
    close(out.dw, matmul(transpose(xv), gv));
    close(
      out.db,
      bv.map((_, j) => gv.reduce((s, r) => s + r[j], 0)),
    );
    tf.dispose(Object.values(out));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b, g]);
  });

  it("backpropagates through explicit transposes, not tfjs's transposed-operand matMul gradient", async () => {
    const [x, w, b] = [tf.tensor2d(xv), tf.tensor2d(wv), tf.tensor1d(bv)];
    const kernelsOfBackward = async (f: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D) => {
      const info = await tf.profile(() => tf.tidy(() => tf.grads((xi, wi) => tf.sum(f(xi as tf.Tensor2D, wi as tf.Tensor2D)))([x, w])));
      return info.kernelNames;
    };
    expect(await kernelsOfBackward((xi, wi) => tf.add(tf.matMul(xi, wi), b) as tf.Tensor2D)).not.toContain('Transpose'); // the control
    expect(await kernelsOfBackward((xi, wi) => affine(xi, wi, b))).toContain('Transpose');
    tf.dispose([x, w, b]);
  });
});

describe('denseStack memory', () => {
  beforeAll(useTestBackend);

  it('leaks no tensors: creation adds exactly its variables, forward and gradients inside tidy add none, dispose frees all', () => {
    const start = tf.memory().numTensors;
    const enc = denseStack({ names: ['e0', 'code'], sizes: [8, 6, 3], seed: 2, activation: 'tanh', biasStd: 0.001 });
    const dec = denseStack({ names: ['d0', 'out'], sizes: [3, 6, 8], seed: 4, activation: 'tanh', output: 'linear', tiedTo: enc });
    expect(tf.memory().numTensors).toBe(start + 4 + 2);
    const x = tf.randomUniform([5, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const vars = [...Object.values(enc.variables), ...Object.values(dec.variables)];
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        enc.forward(x);
        dec.apply(enc.apply(x));
        tf.variableGrads(() => tf.sum(tf.square(tf.sub(dec.apply(enc.apply(x)), x))) as tf.Scalar, vars);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    dec.dispose();
    enc.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
