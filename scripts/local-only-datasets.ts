// ml-100k's licence forbids redistribution without GroupLens' permission, so a static build
// (dist/) must not carry it. This Vite plugin deletes it from dist/ after the build, and lets
// the preview server (tests, benchmarks, a lecturer's own machine) serve the local copy from
// public/ instead: the data stays on the machine that fetched it.
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Folders under public/ that may be served locally but never shipped. */
export const LOCAL_ONLY = ['datasets/movielens/ml-100k'];

export function localOnlyDatasets(root = process.cwd()): Plugin {
  let outDir = resolve(root, 'dist');
  return {
    name: 'local-only-datasets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const dir of LOCAL_ONLY) rmSync(join(outDir, dir), { recursive: true, force: true });
      // The shipped manifest lists only what ships.
      const manifest = join(outDir, 'datasets/movielens/manifest.json');
      if (existsSync(manifest)) {
        const m = JSON.parse(readFileSync(manifest, 'utf8')) as { datasets?: Record<string, unknown> };
        for (const dir of LOCAL_ONLY) delete m.datasets?.[dir.split('/').at(-1)!];
        writeFileSync(manifest, JSON.stringify(m, null, 2));
      }
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        const dir = LOCAL_ONLY.find((d) => path.startsWith(`${d}/`));
        if (!dir) return next();
        const file = normalize(join(root, 'public', path));
        if (!file.startsWith(join(root, 'public', dir)) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(statSync(file).size));
        createReadStream(file).pipe(res);
      });
    },
  };
}
