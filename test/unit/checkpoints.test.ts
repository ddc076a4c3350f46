import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHalf, toHalf } from '../../src/math/half-float';
import { parseManifest, presetTrainSettings, readCheckpoint, settingsDiff, sha256Hex, writeCheckpoint } from '../../src/runs/checkpoint-file';
import { PRESETS } from '../../src/settings/presets';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

const dir = new URL('../../public/checkpoints/', import.meta.url);
const manifest = parseManifest(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')));

describe('half precision (IEEE binary16)', () => {
  it('rounds to the nearest half, ties to even, and reads back the exact values', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(toHalf(2 ** -26)).toBe(0); // below half of it
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie: to the even mantissa
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(fromHalf(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(fromHalf(0x0001)).toBe(2 ** -24);
    expect(() => toHalf(70000)).toThrow(/beyond half precision/);
    // Normal values: the relative error is at most 2⁻¹¹.
    for (const v of [0.1, -3.7, 123.456, 1e-3, -6e-5]) expect(Math.abs(fromHalf(toHalf(v)) - v) / Math.abs(v)).toBeLessThanOrEqual(2 ** -11);
  });

  it('writes and reads a checkpoint file; a file that is not F16 safetensors is refused', () => {
    const tensors = [
      { name: 'a', shape: [2, 2], values: new Float32Array([1, -0.5, 0.25, 2048]) },
      { name: 'b', shape: [3], values: new Float32Array([0, 1.5, -3]) },
    ];
    const bytes = writeCheckpoint(tensors, { preset: 'x' });
    expect(bytes.byteLength % 2).toBe(0);
    expect(new DataView(bytes.buffer).getUint32(0, true) % 8).toBe(0); // the data starts 8-byte aligned
    const back = readCheckpoint(bytes);
    expect(back.metadata).toEqual({ preset: 'x' });
    expect(back.tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual(tensors.map((t) => [t.name, t.shape, Array.from(t.values)]));
    // The same header with "F32" for the first "F16" (same length, in place).
    const f32 = bytes.slice();
    const at = new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true))).indexOf('"F16"') + 8;
    f32.set(new TextEncoder().encode('"F32"'), at);
    expect(() => readCheckpoint(f32)).toThrow(/a is F32; a shipped checkpoint holds F16 tensors only/);
    expect(() => readCheckpoint(bytes.subarray(0, 6))).toThrow(/shorter than its 8-byte header/);
  });
});

describe('shipped checkpoints (public/checkpoints)', () => {
  beforeAll(useTestBackend);
  let t: ReturnType<typeof createTestSession> | null = null;

  it('match the presets that declare one, one for one', () => {
    const declared = PRESETS.filter((p) => p.checkpoint).map((p) => `${p.id}@${p.checkpoint!.step}`);
    expect(declared.length).toBeGreaterThanOrEqual(2);
    expect(manifest.checkpoints.map((c) => `${c.preset}@${c.step}`).sort()).toEqual(declared.sort());
  });

  it('refuse a preset whose settings changed, naming the setting', () => {
    const entry = manifest.checkpoints[0];
    expect(settingsDiff(entry.settings, { ...entry.settings, latent: 3 })).toEqual([`latent: ${JSON.stringify(entry.settings.latent)} → 3`]);
    // A setting the schema gained since: fine at its default (seed 1), refused otherwise; one it lost is refused.
    const { seed: _seed, ...older } = entry.settings;
    expect(settingsDiff(older, { ...entry.settings, seed: 1 })).toEqual([]);
    expect(settingsDiff(older, { ...entry.settings, seed: 2 })).toEqual(['seed: (none) → 2']);
    expect(settingsDiff({ ...entry.settings, gone: 1 }, entry.settings)).toEqual(['gone: 1 → (none)']);
  });

  for (const entry of manifest.checkpoints) {
    it(`${entry.preset}: the hash and settings hold, the test figures match the recorded ones, and training goes on leak-free`, async () => {
      const preset = PRESETS.find((p) => p.id === entry.preset)!;
      const path = new URL(entry.file, dir);
      expect(existsSync(path)).toBe(true);
      const bytes = new Uint8Array(readFileSync(path));
      expect(bytes.byteLength).toBe(entry.bytes);
      expect(bytes.byteLength).toBeLessThan(900_000);
      expect(await sha256Hex(bytes)).toBe(entry.sha256);
      // The preset as it is now must be what the checkpoint was trained with: a changed preset needs `npm run checkpoints`.
      expect(settingsDiff(entry.settings, presetTrainSettings(preset))).toEqual([]);
      const { tensors, metadata } = readCheckpoint(bytes);
      expect(metadata).toMatchObject({ preset: entry.preset, step: String(entry.step) });

      // One session for all: the data and its PCA load once; new settings start a new run.
      if (!t) await (t = createTestSession()).init(entry.settings as Partial<Settings>);
      else await t.set({ ...defaultSettings(), ...entry.settings } as Settings);
      let id = 1000;
      await t.session.handle({ type: 'import-weights', id: ++id, weights: tensors, step: entry.step });
      const reply = t.messages.find((m) => m.type === 'reply' && m.id === id);
      expect(reply).toMatchObject({ ok: true, result: { step: entry.step } });
      const figures = await t.evaluate();
      expect(figures.step).toBe(entry.step);
      for (const [name, recorded] of Object.entries(entry.figures)) expect(Math.abs(figures[name] - recorded), name).toBeLessThanOrEqual(1e-4 * Math.abs(recorded) + 1e-6);
      // The half-precision rounding moves the figures by little: 0.1 % of the test loss at most.
      expect(Math.abs(entry.figures.loss - entry.float32Figures.loss)).toBeLessThan(1e-3 * Math.abs(entry.float32Figures.loss));
      // The recorded curve reaches the checkpoint's step.
      expect(entry.history['train/loss'].at(-1)!.step).toBe(entry.step);
      expect(entry.history['test/loss'].length).toBeGreaterThan(10);

      expect((await t.step(1)).step).toBe(entry.step + 1);
      const tensorsNow = tf.memory().numTensors;
      expect((await t.step(1)).step).toBe(entry.step + 2);
      expect(tf.memory().numTensors).toBe(tensorsNow);
      expect(Number.isFinite((await t.evaluate()).loss)).toBe(true);
    });
  }
});
