import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src/data/image-dataset';
import { loadMnist } from '../../src/data/mnist-source';
import { checkPretrainArgs, deepAe, deepNames, pretrainComparison, rung, type PretrainResult } from '../../src/engine/pretrain';
import { uploadData, type DeviceData } from '../../src/engine/trainer';
import { CHAPTERS } from '../../src/learn/chapters';
import { PRETRAIN_CLAIMS } from '../../src/learn/pretrain-claims';
import { compare } from '../../src/learn/evidence';
import { meanImageSquaredError } from '../../src/math/mean-image-baseline';
import { PRETRAIN_PANEL_RUN, pretrainFigures, pretrainSentence, pretrainVerdict } from '../../src/panels/pretrain-verdict';
import { parseHiddenLayers } from '../../src/settings/regularizer-settings';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

// Greedy layer-wise pre-training against random init (src/engine/pretrain.ts) on MNIST 10k as the
// lab loads it (8,000 / 2,000, seed 1), and every claim the pre-training step states
// (src/learn/pretrain-claims.ts), each args run once. Test points every 200 steps only: the
// curves' updates do not depend on where the test loss is read.

const LIVE = { learningRate: 0.003, batchSize: 64, optimizer: 'adam' } as const;
let dataset: ImageDataset;
let data: DeviceData;
let meanDigit: number;

const runs = new Map<string, Promise<PretrainResult>>();
/** One run per distinct args, shared by the tests that read it. */
function runFor(args: (typeof PRETRAIN_CLAIMS)[number]['args']): Promise<PretrainResult> {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, pretrainComparison({ ...args, every: 200 }, { data, live: LIVE }));
  return runs.get(key)!;
}

beforeAll(async () => {
  await useTestBackend();
  dataset = await loadMnist(
    '',
    '10k',
    1,
    () => {},
    async (url) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url))),
  );
  data = uploadData(dataset.train.images, dataset.train.n, dataset.test.images, dataset.test.n, dataset.dim);
  meanDigit = meanImageSquaredError(dataset.train.images, dataset.train.n, dataset.test.images, dataset.test.n, dataset.dim);
});

describe('greedy layer-wise pre-training (engine/pretrain.ts)', () => {
  it('checks its args and names what is wrong', () => {
    expect(checkPretrainArgs({})).toMatchObject({ layers: [256, 32], stepsPerLayer: PRETRAIN_PANEL_RUN.stepsPerLayer, fineTuneSteps: PRETRAIN_PANEL_RUN.fineTuneSteps });
    expect(() => checkPretrainArgs({ layers: [32] })).toThrow(/layers must list 2 to 4 widths/);
    expect(() => checkPretrainArgs({ layers: [256, 0] })).toThrow(/layers must list/);
    expect(() => checkPretrainArgs({ activation: 'softplus' })).toThrow(/activation must be relu, sigmoid or tanh/);
    expect(() => checkPretrainArgs({ stepsPerLayer: 2.5 })).toThrow(/stepsPerLayer must be a whole number/);
  });

  it('same seed: each rung starts from exactly the deep AE’s random weights for its two layers', () => {
    const o = checkPretrainArgs({ layers: [64, 16, 4], activation: 'sigmoid', seed: 7 });
    const before = tf.memory().numTensors;
    const deep = deepAe(o, 784);
    const vars = deep.variables();
    const widths = [784, 64, 16];
    for (let l = 0; l < 3; l++) {
      const r = rung(o, l, widths[l]);
      const names = deepNames(l, 3);
      for (const [k, v] of Object.entries(r.variables())) {
        const mine = vars[names[k as keyof typeof names]];
        expect(mine.shape, `${l} ${k}`).toEqual(v.shape);
        expect(
          tf.tidy(() => tf.max(tf.abs(tf.sub(mine, v))).dataSync()[0]),
          `${l} ${k}`,
        ).toBe(0);
      }
      r.dispose();
    }
    deep.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a cancel stops it between chunks and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const job = new AbortController();
    const labels: string[] = [];
    const run = pretrainComparison(
      { layers: [64, 8], stepsPerLayer: 100, fineTuneSteps: 100, every: 25 },
      {
        data,
        live: LIVE,
        signal: job.signal,
        progress: (label) => {
          labels.push(label);
          if (label.startsWith('Pre-training layer 2')) job.abort();
        },
      },
    );
    await expect(run).rejects.toThrow();
    expect(labels[0]).toMatch(/^Pre-training layer 1 of 2 \(784→64\)/);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`${activation}: every rung learns its layer, the fine-tuned stack beats the mean digit, and no tensor is left`, async () => {
      const args = PRETRAIN_CLAIMS.find((c) => c.args.activation === activation)!.args;
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      const r = await runFor(args);
      expect(tf.memory().numTensors).toBe(before);
      const f = pretrainFigures(r);
      console.log(
        `${activation}: rungs ${r.rungs.map((g) => `${g.curve[0].loss.toFixed(2)}→${g.curve.at(-1)!.loss.toFixed(2)}`).join(', ')}; ` +
          `pre-trained ${f.startPretrained.toFixed(2)}→${f.endPretrained.toFixed(2)}, random ${f.startRandom.toFixed(2)}→${f.endRandom.toFixed(2)}→${f.equalUpdatesRandom.toFixed(2)} ` +
          `(mean digit ${meanDigit.toFixed(2)}); ${pretrainVerdict(f)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      expect(r.widths).toEqual([784, 256, 32]);
      expect(r.pretrainUpdates).toBe(2 * args.stepsPerLayer);
      expect(r.random.at(-1)!.step).toBe(args.fineTuneSteps + r.pretrainUpdates);
      // Each rung's test reconstruction of its own input falls well below where it started.
      for (const g of r.rungs) expect(g.curve.at(-1)!.loss).toBeLessThan(0.6 * g.curve[0].loss);
      // At step 0 the random start is no better than drawing the mean digit; the stacked rungs already are.
      expect(f.startRandom).toBeGreaterThan(meanDigit);
      expect(f.startPretrained).toBeLessThan(0.6 * meanDigit);
      // Both learn; the fine-tuned stack ends under a third of the mean digit's error.
      for (const v of [f.endPretrained, f.endRandom, f.equalUpdatesRandom]) expect(v).toBeLessThan(0.6 * meanDigit);
      expect(f.endPretrained).toBeLessThan(meanDigit / 3);
      // The sentence the panel prints says which way the run went.
      expect(pretrainSentence(r)).toMatch(activation === 'sigmoid' ? /Here pre-training helped\./ : /random init catches up by step \d+/);
    });
  }

  for (const c of PRETRAIN_CLAIMS) {
    it(`claim ${c.id}: ${c.says}`, async () => {
      const r = await runFor(c.args);
      const p = r[c.curve].find((x) => x.step === c.step);
      expect(p, `no ${c.curve} point at step ${c.step}`).toBeDefined();
      expect(compare(p!.loss, c.op, c.value), `${c.curve} at ${c.step} = ${p!.loss} is not ${c.op} ${c.value}`).toBe(true);
    });
  }

  it('the random-init curve is the lab’s own run of the same settings (the chapter says so)', async () => {
    const args = PRETRAIN_CLAIMS.find((c) => c.args.activation === 'sigmoid')!.args;
    const r = await runFor(args);
    const t = createTestSession();
    await t.init({ model: 'autoencoder', hiddenLayers: '256', latent: 32, activation: 'sigmoid', lossKind: 'squared', seed: args.seed });
    await t.step(200);
    const lab = (await t.evaluate()).loss;
    const panel = r.random.find((p) => p.step === 200)!.loss;
    console.log(`test error after 200 steps: the lab's run ${lab.toFixed(4)}, the panel's random-init curve ${panel.toFixed(4)}`);
    expect(Math.abs(lab - panel)).toBeLessThan(1e-3);
  });

  it('the chapter’s pre-training step runs the panel on the network its claims are for', () => {
    const step = CHAPTERS.flatMap((ch) => ch.steps).find((s) => s.panels?.includes('pretraining'));
    expect(step?.preset).toBeDefined();
    const layers = [...parseHiddenLayers(step!.preset!.hiddenLayers ?? ''), step!.preset!.latent];
    const claimed = PRETRAIN_CLAIMS.filter((c) => c.args.activation === step!.preset!.activation);
    expect(claimed.length).toBeGreaterThan(0);
    for (const c of PRETRAIN_CLAIMS) {
      expect(c.args.layers, c.id).toEqual(layers);
      expect([c.args.stepsPerLayer, c.args.fineTuneSteps, c.args.seed], c.id).toEqual([
        PRETRAIN_PANEL_RUN.stepsPerLayer,
        PRETRAIN_PANEL_RUN.fineTuneSteps,
        step!.preset!.seed ?? 1,
      ]);
    }
  });
});
