// ESLint flat config: typescript-eslint's recommended rules, the hooks rules, no import cycles in
// src/, and the layer boundaries (which folder may import what). Not type-aware, to stay fast.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A relative import of a top-level folder of src/ (`../engine/x`, `../../models/y`…). */
const srcFolder = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

// Restriction patterns, composed per layer below (one config per folder group: in flat
// config a later setting of the same rule replaces the earlier one instead of merging).
const tfjsOnMainThread = {
  regex: '^@tensorflow/',
  message: 'This folder runs on the main thread: no tfjs here; talk to the worker through the engine client (src/client).',
};
const engineTypesOnly = {
  regex: srcFolder('engine', 'models'),
  allowTypeImports: true,
  message: 'The main thread may only take types from src/engine and src/models (`import type`): their runtime code pulls in tfjs and belongs to the worker.',
};
const noUi = {
  regex: '^(react|react-dom|recharts|zustand)(/|$)',
  message: 'The engine, models, math, data, settings and families layers are UI-free (they run in the worker and in Node tests): no React, charts or stores.',
};
const noUpperLayers = {
  regex: srcFolder('panels', 'app', 'client', 'learn', 'runs', 'state'),
  message: 'Lower layers never import from the UI layers (panels, app, client, learn, runs, state): the dependency points the other way.',
};
const tfjsStatically = {
  regex: '^@tensorflow/',
  message: 'Settings and family descriptors are read on the main thread: no static tfjs import; a family builds its model through a dynamic import() of src/models.',
};
const lazyModels = {
  regex: srcFolder('engine', 'models'),
  allowTypeImports: true,
  message: 'Settings and family descriptors take only types from src/engine and src/models statically (their runtime code pulls in tfjs); build models through a dynamic import().',
};

const restrict = (...patterns) => ['error', { patterns }];

/** DOM-only globals: the lower layers run in a worker (which has self, fetch, performance, timers) and in Node. */
const domGlobals = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'history',
  'alert',
  'confirm',
  'prompt',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'customElements',
  'Document',
  'Element',
  'HTMLElement',
  'HTMLCanvasElement',
  'HTMLImageElement',
  'HTMLInputElement',
].map((name) => ({
  name,
  message: `${name} is DOM-only: this layer runs in the worker and in Node tests; the main thread (panels, app) owns the page.`,
}));

/** The same names as types (no-restricted-globals sees values only: `x instanceof HTMLElement`, not `x: HTMLElement`). */
const domTypes = Object.fromEntries(domGlobals.filter(({ name }) => /^[A-Z]/.test(name)).map(({ name, message }) => [name, { message }]));

const lowerLayers = ['engine', 'models', 'math', 'data', 'settings', 'families'];
const mainThreadLayers = ['panels', 'learn', 'runs', 'state'];
const inSrc = (folders) => folders.map((f) => `src/${f}/**/*.{ts,tsx}`);

export default defineConfig(
  { ignores: ['dist/', 'public/', 'test-results/', 'node_modules/'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { id: _id, ...rest } = x` leaves a property out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Node: scripts, root configs, the tests' helpers.
    files: ['scripts/**', '*.{js,ts}', 'test/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The functions these scripts hand to Playwright's page.evaluate run in the page.
    files: ['scripts/bench.mjs', 'scripts/bench-movielens.mjs', 'scripts/screenshot.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The two classic hooks rules. The React Compiler rules this plugin's v7 'recommended' also
      // turns on (purity, refs, set-state-in-effect…) are left out: they run the compiler on
      // every file (over half of the lint time) and this app is not built with the compiler.
      'react-hooks/rules-of-hooks': 'error',
      // A missing dependency is a stale-closure bug: an error, not a warning; a deliberate
      // omission says why in its eslint-disable comment.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // Type-only imports (`import type`, or every specifier `type`) are skipped by the rule:
      // they vanish at compile time and cannot make a runtime cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // Layer boundaries.
  {
    files: inSrc(mainThreadLayers),
    rules: { '@typescript-eslint/no-restricted-imports': restrict(tfjsOnMainThread, engineTypesOnly) },
  },
  {
    files: inSrc(lowerLayers),
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(noUi, noUpperLayers),
      'no-restricted-globals': ['error', ...domGlobals],
      '@typescript-eslint/no-restricted-types': ['error', { types: domTypes }],
    },
  },
  {
    files: inSrc(['settings', 'families']),
    rules: { '@typescript-eslint/no-restricted-imports': restrict(noUi, noUpperLayers, tfjsStatically, lazyModels) },
  },
);
