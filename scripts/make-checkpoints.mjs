// `npm run checkpoints [-- <preset id>…]`: runs scripts/make-checkpoints.ts through Vite's module
// runner (so the engine's TypeScript runs unchanged in Node), which makes the shipped checkpoints.
import { runnerImport } from 'vite';

await runnerImport('./scripts/make-checkpoints.ts', { configFile: false, logLevel: 'warn' });
