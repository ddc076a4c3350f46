// Trains every preset that declares a checkpoint with the engine's own Session (the worker's
// code, on tfjs's WASM backend in Node), its seed and the bundled MNIST subset, to the declared
// step; writes public/checkpoints/<preset>.safetensors (F16) and manifest.json with the settings,
// the test figures, the history so far, the file's hash and the lab's version.
// Run it with `npm run checkpoints` (scripts/make-checkpoints.mjs loads this file through Vite).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Session } from '../src/engine/session';
import type { FromWorker, ToWorker } from '../src/engine/protocol';
import type { History } from '../src/engine/history';
import { PRESETS } from '../src/settings/presets';
import { defaultSettings, type Settings } from '../src/settings/schema';
import { roundToHalf } from '../src/math/half-float';
import { CHECKPOINT_DIR, MANIFEST_FORMAT, presetTrainSettings, sha256Hex, writeCheckpoint, type CheckpointEntry } from '../src/runs/checkpoint-file';

const root = process.cwd();
const outDir = join(root, 'public', CHECKPOINT_DIR);
/** Steps between forced snapshots: each one puts a test-loss point on the recorded curve. */
const SNAPSHOT_EVERY = 100;
/** At most this many points per series in the manifest (enough for a chart). */
const MAX_POINTS = 150;

/** A Session driven as the worker drives it, reading public/datasets. */
function createSession() {
  const messages: FromWorker[] = [];
  let nextId = 1;
  const session = new Session({
    post: (m) => messages.push(m),
    fetchBytes: async (url, onProgress) => {
      const bytes = new Uint8Array(readFileSync(join(root, 'public', 'datasets', url.split('/').pop()!)));
      onProgress(1);
      return bytes;
    },
    chooseBackend: async () => ({ name: tf.getBackend(), adapter: 'node' }),
  });
  const request = async <T>(msg: Record<string, unknown>): Promise<T> => {
    const id = nextId++;
    await session.handle({ ...msg, id } as ToWorker);
    const reply = messages.find((m) => m.type === 'reply' && m.id === id);
    if (!reply || reply.type !== 'reply') throw new Error('no reply');
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as T;
  };
  return { session, messages, request };
}

/** Every `k`-th point and the last, so a series keeps its shape in at most `max` points; values to 6 digits. */
function downsample(history: History, lastStep: number): History {
  const out: History = {};
  for (const [name, points] of Object.entries(history)) {
    // Timing says nothing about the model; test and diagnostic points at the last step come back when the lab loads it.
    if (name.startsWith('speed/')) continue;
    const kept = points.filter((p) => p.step < lastStep || name.startsWith('train/'));
    const k = Math.ceil(kept.length / MAX_POINTS);
    const picked = kept.filter((_, i) => i % k === 0 || i === kept.length - 1);
    if (picked.length) out[name] = picked.map((p) => ({ step: p.step, value: Number(p.value.toPrecision(6)) }));
  }
  return out;
}

async function make(presetId: string, step: number): Promise<CheckpointEntry> {
  const preset = PRESETS.find((p) => p.id === presetId)!;
  const settings = { ...defaultSettings(), ...presetTrainSettings(preset), backend: 'wasm' } as Settings;
  const { session, messages, request } = createSession();
  await session.handle({ type: 'init', settings, datasetsUrl: '' });
  const failed = messages.find((m) => m.type === 'notice' && m.level === 'error');
  if (failed && failed.type === 'notice') throw new Error(failed.message);
  const t0 = performance.now();
  let at = 0;
  while (at < step) {
    at = (await request<{ step: number }>({ type: 'step', n: Math.min(SNAPSHOT_EVERY, step - at) })).step;
    process.stdout.write(`\r${preset.id}: step ${at} / ${step} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  process.stdout.write('\n');
  const history = downsample(structuredClone(session.metrics()), step);
  const float32Figures = await request<Record<string, number>>({ type: 'evaluate' });
  const exported = await request<{ name: string; shape: number[]; values: Float32Array }[]>({ type: 'export' });
  // The figures of the weights as shipped: rounded to half precision, loaded the way the lab loads them.
  const rounded = exported.map((w) => ({ ...w, values: roundToHalf(w.values) }));
  await request({ type: 'import-weights', weights: rounded, step });
  const figures = await request<Record<string, number>>({ type: 'evaluate' });
  const bytes = writeCheckpoint(exported, { format: 'autoencoder-lab-checkpoint', preset: preset.id, step: String(step) });
  const file = `${preset.id}.safetensors`;
  writeFileSync(join(outDir, file), bytes);
  let worst = 0;
  exported.forEach((w, i) => w.values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - rounded[i].values[j])))));
  console.log(
    `  ${file}: ${(bytes.byteLength / 1024).toFixed(0)} KiB; test loss ${float32Figures.loss.toFixed(4)} (float32) → ${figures.loss.toFixed(4)} (F16); largest weight change ${worst.toExponential(2)}`,
  );
  return {
    preset: preset.id,
    file,
    bytes: bytes.byteLength,
    sha256: await sha256Hex(bytes),
    dtype: 'F16',
    step,
    settings: presetTrainSettings(preset),
    figures,
    float32Figures,
    history,
  };
}

async function main(only: string[]): Promise<void> {
  tf.env().set('IS_TEST', false);
  await tf.setBackend('wasm');
  await tf.ready();
  mkdirSync(outDir, { recursive: true });
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const manifestPath = join(outDir, 'manifest.json');
  let previous: CheckpointEntry[] = [];
  try {
    previous = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { checkpoints: CheckpointEntry[] }).checkpoints;
  } catch {
    // No manifest yet: every checkpoint is made.
  }
  const checkpoints: CheckpointEntry[] = [];
  for (const p of PRESETS) {
    if (!p.checkpoint) continue;
    const old = previous.find((e) => e.preset === p.id);
    // `npm run checkpoints -- vae` remakes one and keeps the others' entries.
    if (only.length && !only.includes(p.id) && old) checkpoints.push(old);
    else checkpoints.push(await make(p.id, p.checkpoint.step));
  }
  writeFileSync(manifestPath, JSON.stringify({ format: MANIFEST_FORMAT, version: 1, labVersion: version, checkpoints }) + '\n');
  console.log(`Wrote ${manifestPath} (${checkpoints.length} checkpoints).`);
}

// At the top level: Vite's runner closes once the import settles, and the families build their models through import().
await main(process.argv.slice(2));
