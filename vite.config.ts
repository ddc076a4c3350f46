import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { LOCAL_ONLY, localOnlyDatasets } from './scripts/local-only-datasets.ts';
import { tfjsWasmThreads } from './scripts/tfjs-wasm-threads.ts';
import { SlowFirstSequencer } from './scripts/slow-first-sequencer.ts';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The production build is an installable PWA that works offline from any static host or folder:
// src/sw.ts precaches what is listed here and adds the isolation headers itself.
const pwa = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src',
  filename: 'sw.ts',
  injectRegister: false, // src/app/pwa-register.ts registers it, in production builds only
  manifest: {
    name: 'Autoencoder Lab',
    short_name: 'AE Lab',
    description: 'Train autoencoders live in the browser and watch them learn.',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#3b6fb6',
    icons: [
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  injectManifest: {
    // The app, the tfjs WASM binaries, KaTeX's fonts (woff2, which every browser that runs the lab
    // picks first), the MNIST 10k subset and its PCA (2.5 MB, F32), the shipped MovieLens release (the plugin adds the web
    // manifest and its icons), and the presets' shipped checkpoints (about 0.8 MB each, F16).
    globPatterns: ['**/*.{html,js,css,wasm,woff2}', 'datasets/**/*.{json,gz,csv,safetensors}', 'checkpoints/*.{json,safetensors}'],
    // Full MNIST (11 MB) is cached on first use instead (src/sw.ts); local-only data never ships.
    globIgnores: ['datasets/mnist-train-*', 'datasets/mnist-t10k-*', ...LOCAL_ONLY.map((d) => `${d}/**`)],
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  },
});

export default defineConfig({
  base: './',
  plugins: [react(), localOnlyDatasets(), pwa],
  server: { headers: isolation },
  preview: { headers: isolation },
  // tfjs's WASM backend lives in the worker: its pthreads must survive minification.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  // Minified and split: the page loads React and the lab view; KaTeX and the Learn view, and each
  // tfjs backend (in the worker), load when first used. tfjs's core chunk is about 1.3 MB minified.
  build: { target: 'es2022', minify: true, chunkSizeWarningLimit: 1600 },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each fork trains on one WASM thread: on a 2-core machine the default (cores − 1) would leave a core idle.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
