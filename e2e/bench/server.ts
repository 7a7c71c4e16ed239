// The real server (`node server/dist/main.js`, built by `npm run build`) as a child
// process on 127.0.0.1, a free port and a fresh temporary DATA_DIR (deleted on stop).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { YJS_PATH_PREFIX } from '@idea-board/shared';
import { createRoom, HOST, startServerProcess, type ServerProcess } from '@idea-board/server/bench-support';

export interface BoardServer extends ServerProcess {
  /** serverUrl for WebsocketProvider */
  wsUrl: string;
  createRoom(): Promise<string>;
}

export async function startServer(repoRoot: string): Promise<BoardServer> {
  const clientDir = process.env.CLIENT_DIR || join(repoRoot, 'client', 'dist');
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error(`${clientDir} holds no client build: run npm run build first`);
  const server = await startServerProcess({
    script: join(repoRoot, 'server', 'dist', 'main.js'),
    name: 'server',
    cwd: repoRoot,
    dataDirPrefix: 'idea-board-client-bench-',
    env: {
      LOG_LEVEL: 'warn',
      // another client build to serve (e.g. an unminified one for --profile); default client/dist
      ...(process.env.CLIENT_DIR ? { CLIENT_DIR: process.env.CLIENT_DIR } : {}),
    },
    readyPath: '/healthz',
  });
  return {
    ...server,
    wsUrl: `ws://${HOST}:${server.port}${YJS_PATH_PREFIX}`,
    createRoom: () => createRoom(server.baseUrl),
  };
}
