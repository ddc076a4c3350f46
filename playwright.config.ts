import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Browser tests drive the system's Chromium (Debian's package), never a downloaded browser.
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(`Chromium not found at ${executablePath}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chromium/Chrome binary.`);
}

const PORT = Number(process.env.LAB_TEST_PORT ?? 4179);
// LAB_DIST serves a build from another folder, so parallel checkouts do not share dist/.
const outDir = process.env.LAB_DIST ? ` --outDir ${process.env.LAB_DIST}` : '';

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  // Two lanes side by side, each in order on its own worker: the WebGPU tests (one shared
  // SwiftShader page; a test is there when its title names WebGPU) and the rest. Since WASM trains
  // small nets on one thread fewer than the cores, one lane leaves the second core mostly idle: on
  // 2 cores the lanes took 9.5 min one after the other and 7.2 min side by side (the slowest WASM
  // test 40 → 43 s, far inside its timeout).
  workers: 2,
  projects: [
    { name: 'gpu lane', grep: /webgpu/i, workers: 1 },
    { name: 'cpu lane', grepInvert: /webgpu/i, workers: 1 },
  ],
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1400, height: 1000 },
    // The PWA's service worker would precache ~11 MB on every fresh context; only the offline spec needs it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort${outDir}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
