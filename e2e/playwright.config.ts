import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions, VIEWPORT } from './bench/chromium.js';

/**
 * Drives a real Chromium against the real server (`node server/dist/main.js`,
 * built by `npm run build`), started fresh on a fixed port with an empty data
 * directory.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 18321);
const baseURL = `http://127.0.0.1:${port}`;

// This file is loaded by the runner and again by each worker; the workers
// inherit the environment, so they see the same directory instead of making new ones.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'idea-board-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    baseURL,
    viewport: { ...VIEWPORT },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { ...VIEWPORT },
        // the same browser as the client benchmark (bench/chromium.ts)
        launchOptions: chromiumLaunchOptions(),
      },
    },
  ],
  webServer: {
    command: 'node server/dist/main.js',
    cwd: repoRoot,
    url: `${baseURL}/healthz`,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
