// Runs scripts/make-pca.ts through Vite's module runner (the lab's TypeScript, unchanged, in Node).
import { runnerImport } from 'vite';

await runnerImport('./scripts/make-pca.ts', { configFile: false, logLevel: 'warn' });
