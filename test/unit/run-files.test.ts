import { describe, expect, it } from 'vitest';
import { artifactsZip, fromArtifacts, readArtifactFiles, toArtifacts } from '../../src/runs/artifacts';
import { historyToCsv } from '../../src/runs/csv';
import { runFromBundle, runToBundle } from '../../src/runs/run-bundle';
import { defaultSettings } from '../../src/settings/schema';

const weights = [
  { name: 'encoder/kernel', shape: [3, 2], values: new Float32Array([1, -2, 3.5, 0, 1e-7, -9]) },
  { name: 'decoder/bias', shape: [3], values: new Float32Array([0.25, 0.5, -0.75]) },
];
const settings = { ...defaultSettings(), latent: 2 };

describe('model artifacts (model.json + weights.bin)', () => {
  it('round-trips names, shapes and exact float32 values, through the zip too', () => {
    const { modelJson, weightsBin } = toArtifacts({ settings, step: 42, weights });
    expect(weightsBin.byteLength).toBe(9 * 4);
    expect(JSON.parse(modelJson).weightsManifest[0].weights[0]).toEqual({ name: 'encoder/kernel', shape: [3, 2], dtype: 'float32' });
    const back = fromArtifacts(modelJson, weightsBin);
    expect(back.step).toBe(42);
    expect(back.settings.latent).toBe(2);
    expect(back.weights.map((w) => [w.name, w.shape, Array.from(w.values)])).toEqual(weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
    const zipped = readArtifactFiles([{ name: 'download', bytes: artifactsZip({ settings, step: 42, weights }) }]);
    expect(Array.from(zipped.weights[0].values)).toEqual(Array.from(weights[0].values));
  });

  it('refuses a weights file of the wrong size and a foreign model.json', () => {
    const { modelJson, weightsBin } = toArtifacts({ settings, step: 1, weights });
    expect(() => fromArtifacts(modelJson, weightsBin.subarray(0, 20))).toThrow(/weights.bin has 20 bytes; model.json describes 36/);
    expect(() => fromArtifacts('{"format":"layers-model"}', weightsBin)).toThrow(/not an Autoencoder Lab model/);
    expect(() => readArtifactFiles([{ name: 'model.json', bytes: new TextEncoder().encode(modelJson) }])).toThrow(/needs model.json and weights.bin/);
  });
});

describe('run bundle and CSV', () => {
  it('a run bundle round-trips weights and history', () => {
    const run = { id: 'x', name: 'my run', createdAt: 5, updatedAt: 6, settings, history: { 'test/loss': [{ step: 10, value: 3.5 }] }, step: 10, weights, pinned: true };
    const back = runFromBundle(runToBundle(run));
    expect(back.name).toBe('my run');
    expect(back.history).toEqual(run.history);
    expect(Array.from(back.weights![0].values)).toEqual(Array.from(weights[0].values));
    expect(() => runFromBundle('{"format":"other"}')).toThrow(/not an Autoencoder Lab run/);
  });

  it('CSV has one row per step and blanks where a series has no value', () => {
    const csv = historyToCsv({
      'train/loss': [
        { step: 1, value: 2 },
        { step: 2, value: 1.5 },
      ],
      'test/loss': [{ step: 2, value: 1.7 }],
    });
    expect(csv).toBe('step,test/loss,train/loss\n1,,2\n2,1.7,1.5\n');
  });
});
