/**
 * The training worker, created before the rest of the page's modules run (main.tsx imports this
 * first): its script, tfjs and the WASM backend start loading while the page is still starting.
 * The page's query (?threads=N) travels in the worker's name: the backend reads it there.
 */
export const engineWorker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: `lab-engine${location.search}` });
