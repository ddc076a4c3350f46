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
  // Two projects run one after the other: the WebGPU tests (one shared SwiftShader page, in order;
  // a test is there when its title names WebGPU) and the rest. Side by side (workers: 2) they took as
  // long in all on 2 cores, each test twice as long, so nearer its timeout: one worker.
  workers: 1,
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
