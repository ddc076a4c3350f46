// tfjs-backend-wasm starts its pthread workers from the *source text* of its Emscripten factory
// (`new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`), so that function
// must not refer to anything outside itself. Emscripten's guard
//   if (typeof _scriptDir !== "undefined" && _scriptDir) scriptDirectory = _scriptDir
// names a variable of the enclosing closure; a minifier renames it and drops the typeof (it can
// see the declaration), and every pthread worker then dies on "e is not defined": WASM without
// threads. In a worker _scriptDir is always undefined (it comes from document.currentScript), so
// this plugin removes the guard before minification. It fails the build if tfjs changes the text.
import type { Plugin } from 'vite';

const FACTORY = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const GUARD = 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}';

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'tfjs-wasm-threads',
    transform(code, id) {
      if (!FACTORY.test(id.split('?')[0])) return null;
      if (!code.includes(GUARD)) this.error(`tfjs-wasm-threads: the _scriptDir guard is not in ${id} any more; check that minified WASM threads still start.`);
      return { code: code.replace(GUARD, ''), map: null };
    },
  };
}
