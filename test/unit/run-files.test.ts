import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportZip, fromArtifacts, readArtifactFiles, toArtifacts, toSafetensors } from '../../src/runs/artifacts';
import { historyToCsv } from '../../src/runs/csv';
import { runFromBundle, runToBundle } from '../../src/runs/run-bundle';
import { readSafetensors, writeSafetensors } from '../../src/data/safetensors';
import { defaultSettings } from '../../src/settings/schema';

const weights = [
  { name: 'encoder/kernel', shape: [3, 2], values: new Float32Array([1, -2, 3.5, 0, 1e-7, -9]) },
  { name: 'decoder/bias', shape: [3], values: new Float32Array([0.25, 0.5, -0.75]) },
];
const settings = { ...defaultSettings(), latent: 2 };

describe('older exports (model.json with modelTopology null + weights.bin)', () => {
  it('round-trip names, shapes and exact float32 values, zipped or as two files', () => {
    const { modelJson, weightsBin } = toArtifacts({ settings, step: 42, weights });
    expect(JSON.parse(modelJson).modelTopology).toBeNull();
    expect(weightsBin.byteLength).toBe(9 * 4);
    expect(JSON.parse(modelJson).weightsManifest[0].weights[0]).toEqual({ name: 'encoder/kernel', shape: [3, 2], dtype: 'float32' });
    const back = fromArtifacts(modelJson, weightsBin);
    expect(back.step).toBe(42);
    expect(back.settings.latent).toBe(2);
    expect(back.weights.map((w) => [w.name, w.shape, Array.from(w.values)])).toEqual(weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
    // The zip an older lab wrote, and the same two files dropped loose, still import.
    const oldZip = zipSync({ 'model.json': strToU8(modelJson), 'weights.bin': weightsBin });
    for (const files of [
      [{ name: 'autoencoder-lab-model-2026-01-01.zip', bytes: oldZip }],
      [
        { name: 'model.json', bytes: strToU8(modelJson) },
        { name: 'weights.bin', bytes: weightsBin },
      ],
    ]) {
      const imported = readArtifactFiles(files);
      expect(imported.step).toBe(42);
      expect(Array.from(imported.weights[0].values)).toEqual(Array.from(weights[0].values));
    }
  });

  it('refuse a weights file of the wrong size and a foreign model.json', () => {
    const { modelJson, weightsBin } = toArtifacts({ settings, step: 1, weights });
    expect(() => fromArtifacts(modelJson, weightsBin.subarray(0, 20))).toThrow(/weights.bin has 20 bytes; model.json describes 36/);
    expect(() => fromArtifacts('{"format":"layers-model"}', weightsBin)).toThrow(/not an Autoencoder Lab model/);
    expect(() => readArtifactFiles([{ name: 'model.json', bytes: new TextEncoder().encode(modelJson) }])).toThrow(/needs model.safetensors/);
  });
});

describe('safetensors', () => {
  it('writes the spec: u64 LE header length, a JSON header of F32 entries and offsets, aligned raw LE bytes', () => {
    const tensors = [...weights, { name: 'scalar', shape: [], values: new Float32Array([-0.5]) }, { name: 'empty', shape: [0, 4], values: new Float32Array(0) }];
    const bytes = writeSafetensors(tensors, { note: 'héllo' });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0); // the data starts 8-byte aligned (padded with spaces)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ note: 'héllo' });
    expect(header['encoder/kernel']).toEqual({ dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] });
    expect(header['decoder/bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [24, 36] });
    expect(header.scalar).toEqual({ dtype: 'F32', shape: [], data_offsets: [36, 40] });
    expect(header.empty).toEqual({ dtype: 'F32', shape: [0, 4], data_offsets: [40, 40] });
    expect(bytes.byteLength).toBe(8 + n + 40);
    // Raw little-endian float32: decoder/bias[1] = 0.5 sits at data byte 28.
    expect(view.getFloat32(8 + n + 28, true)).toBe(0.5);
    expect(view.getFloat32(8 + n + 36, true)).toBe(-0.5);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ note: 'héllo' });
    expect(back.tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual(tensors.map((t) => [t.name, t.shape, Array.from(t.values)]));
  });

  it('refuses a truncated file, a gap in the data, another dtype and a header longer than the file', () => {
    const good = writeSafetensors(weights);
    expect(() => readSafetensors(good.subarray(0, good.byteLength - 4))).toThrow(/header describes 36 bytes of data; the file has 32/);
    const craft = (header: object, dataBytes: number) => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + json.length + dataBytes);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      return out;
    };
    expect(() => readSafetensors(craft({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8))).toThrow(/gap or overlap at byte 0/);
    expect(() => readSafetensors(craft({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4))).toThrow(/a is F16; the lab reads F32 tensors only/);
    expect(() => readSafetensors(craft({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4))).toThrow(/shape \[2\] needs 8/);
    const long = new Uint8Array(16);
    new DataView(long.buffer).setBigUint64(0, 1000n, true);
    expect(() => readSafetensors(long)).toThrow(/header claims 1000 bytes/);
  });
});

describe('the model export zip', () => {
  it('re-imports from the zip and from its model.safetensors alone; the Layers files alone are refused with a reason', () => {
    const zip = exportZip({ settings, step: 42, weights }, null, 'not a dense network');
    const fromZip = readArtifactFiles([{ name: 'export.zip', bytes: zip }]);
    expect(fromZip.step).toBe(42);
    expect(fromZip.settings).toEqual(settings);
    expect(fromZip.weights.map((w) => [w.name, w.shape, Array.from(w.values)])).toEqual(weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
    const alone = readArtifactFiles([{ name: 'model.safetensors', bytes: toSafetensors({ settings, step: 7, weights }) }]);
    expect(alone.step).toBe(7);
    expect(() => readArtifactFiles([{ name: 'encoder.json', bytes: strToU8('{}') }])).toThrow(/encoder.json and decoder.json are for TensorFlow.js/);
    expect(() => readArtifactFiles([{ name: 'other.safetensors', bytes: writeSafetensors(weights) }])).toThrow(/no Autoencoder Lab settings/);
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
