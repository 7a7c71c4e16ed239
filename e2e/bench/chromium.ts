// The Chromium the e2e tests drive (e2e/playwright.config.ts) and the client benchmark
// launches: one definition, so the benchmark measures the browser the tests run.
import { existsSync } from 'node:fs';

export const VIEWPORT = { width: 1280, height: 800 } as const;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** No browser downloads on these machines: prefer an installed Chromium, else Playwright's own. */
function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Playwright launch options: the executable (when one is installed) and the flags. */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumExecutable();
  return { ...(executablePath !== undefined ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}
