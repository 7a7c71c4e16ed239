import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { buildServer, type BoardServer } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export interface RunningServer {
  server: BoardServer;
  config: Config;
  /** http://127.0.0.1:<port> */
  httpUrl: string;
  /** ws://127.0.0.1:<port>/yjs, the y-websocket serverUrl */
  yjsUrl: string;
  dataDir: string;
  createRoom(title?: string): Promise<{ id: string; viewId: string; ownerKey: string; url: string; viewUrl: string }>;
  /** Shuts down and removes the data directory (unless `keepData`). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'board-test-'));
}

export interface StartOptions {
  /** Clock for the store and rooms, ms since epoch (history tests simulate time with it). */
  now?: () => number;
}

/** Starts the real server in this process on a random port with a fresh SQLite file. */
export async function startServer(
  env: Record<string, string> = {},
  dataDir: string = tempDataDir(),
  options: StartOptions = {},
): Promise<RunningServer> {
  // Rooms unload as soon as their last client leaves, unless a test asks for the delay.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ROOM_UNLOAD_DELAY_MS: '0', ...env });
  const server = await buildServer(config, {
    logger: pino({ level: env.LOG_LEVEL ?? 'silent' }),
    ...(options.now ? { now: options.now } : {}),
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    config,
    httpUrl,
    yjsUrl: `ws://127.0.0.1:${port}/yjs`,
    dataDir,
    async createRoom(title) {
      const response = await fetch(`${httpUrl}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(title === undefined ? {} : { title }),
      });
      if (response.status !== 201) throw new Error(`room creation failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string; viewId: string; ownerKey: string; url: string; viewUrl: string };
    },
    async stop(options = {}) {
      await server.shutdown();
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
