import type { PanelId } from './panel-ids';
import { defineFamily } from './family';
import type { AeFamily } from '../models/dense-ae-options';
import type { RowKey } from '../settings/schema';

/** Every dense autoencoder's structure rows; each regularizer adds its own before tiedWeights. */
const STRUCTURE = ['latent', 'hiddenLayers', 'activation', 'lossKind'] as const satisfies readonly RowKey[];
/** The regularizers' weights and noise apply live (a validated merge in dense-ae-options). */
const LIVE = ['sparsityKind', 'sparsityWeight', 'sparsityTarget', 'noiseKind', 'noiseLevel', 'contractionWeight'] as const satisfies readonly RowKey[];

/** The plain, sparse, denoising and contractive autoencoders differ in their label, rows and panels only. */
export const denseFamily = <N extends AeFamily>(f: { name: N; label: string; help: string; settings: readonly RowKey[]; panels: readonly PanelId[] }) =>
  defineFamily({
    ...f,
    task: 'images',
    settings: [...STRUCTURE, ...f.settings, 'tiedWeights'],
    live: LIVE,
    trains: true,
    panels: ['loss', 'weights', 'reconstructions', ...f.panels, 'code-view', 'feature-probe', 'code-map', 'random-codes', 'compare'],
    queries: ['reconstruct', 'denoise', 'codeView', 'featureProbe', 'randomCodes', 'codeMap', 'decodeMapPoint'],
    build: async ({ settings, inputDim, seed }) => (await import('../models/dense-from-settings')).denseFromSettings({ ...settings, model: f.name }, inputDim, seed),
  });
