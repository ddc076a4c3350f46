// The bench's peer page, built by scripts/bench.mjs into <dist>/bench-peers (never shipped).
import { defineConfig } from 'vite';
import { tfjsWasmThreads } from '../../scripts/tfjs-wasm-threads.ts';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: { target: 'es2022', minify: true, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});
