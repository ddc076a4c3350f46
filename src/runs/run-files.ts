import type { EngineClient } from '../client/engine-client';
import { download } from '../panels/export-png';
import { useLab } from '../state/store';
import { exportZip, readArtifactFiles } from './artifacts';
import { historyToCsv } from './csv';
import { runFromBundle, runToBundle } from './run-bundle';
import type { RunsController } from './runs-controller';

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/**
 * The trained model, zipped: encoder and decoder as TensorFlow.js Layers models (dense networks),
 * model.safetensors with every variable, and a README (artifacts.ts).
 */
export async function exportModel(engine: EngineClient): Promise<void> {
  const { settings, snapshot } = useLab.getState();
  const weights = await engine.exportWeights();
  // A model that is no dense network (EASE, kNN, CDAE…) has no Layers form: the zip says why.
  let note: string | null = null;
  const layers = await engine.query('layersModel', {}).catch((e: Error) => {
    note = e.message;
    return null;
  });
  download(new Blob([exportZip({ settings, step: snapshot?.step ?? 0, weights }, layers, note) as BlobPart]), `autoencoder-lab-model-${stamp()}.zip`);
}

export function exportCsv(): void {
  download(new Blob([historyToCsv(useLab.getState().history)], { type: 'text/csv' }), `autoencoder-lab-metrics-${stamp()}.csv`);
}

export function exportRunBundle(id: string): void {
  const run = useLab.getState().runs.find((r) => r.id === id);
  if (run) download(new Blob([runToBundle(run)], { type: 'application/json' }), `autoencoder-lab-run-${stamp()}.json`);
}

/** Opens a model (the exported zip, its model.safetensors, or an older model.json + weights.bin) or a run bundle (.json with format autoencoder-lab-run). */
export async function importFiles(runs: RunsController, files: File[]): Promise<void> {
  const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const single = read.length === 1 ? read[0] : null;
  const text = single && single.name.endsWith('.json') ? new TextDecoder().decode(single.bytes) : '';
  if (text.includes('"autoencoder-lab-run"')) {
    const run = runFromBundle(text);
    await runs.open({ ...run, name: `${run.name} (imported)` });
    return;
  }
  const model = readArtifactFiles(read);
  await runs.open({ name: `Imported model · step ${model.step}`, createdAt: Date.now(), settings: model.settings, history: {}, step: model.step, weights: model.weights });
}
