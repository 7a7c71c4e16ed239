import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/support/freePort.js';
import { waitFor } from './waitFor.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ChildServer {
  process: ChildProcess;
  port: number;
  httpUrl: string;
  yjsUrl: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  output(): string;
}

/** Runs the built server (`server/dist/main.js`) as its own process, as `npm start` would. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const httpUrl = `http://127.0.0.1:${port}`;
  let ended = false;
  void exited.then(() => (ended = true));
  await waitFor(`server on port ${port} to answer /healthz`, async () => {
    if (ended) throw new Error(`server exited early:\n${output}`);
    const response = await fetch(`${httpUrl}/healthz`);
    return response.ok;
  }, 20_000);
  return { process: child, port, httpUrl, yjsUrl: `ws://127.0.0.1:${port}/yjs`, exited, output: () => output };
}

export async function createRoomAt(httpUrl: string): Promise<{ id: string; viewId: string }> {
  const response = await fetch(`${httpUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 201) throw new Error(`room creation failed: ${response.status}`);
  return (await response.json()) as { id: string; viewId: string };
}
