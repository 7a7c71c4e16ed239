// The servers under test, ours and the reference, each started as a child process
// (see support/serverProcess.ts), with their CPU time and memory read from /proc.
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createRoom, HOST, readProcStats, startServerProcess, type ProcStats, type ServerProcess } from './support/index.js';

export type ServerKind = 'ours' | 'reference';

export interface RunningServer extends ServerProcess {
  kind: ServerKind;
  /** serverUrl for WebsocketProvider */
  wsUrl: string;
  /** creates a room and returns the roomname to give WebsocketProvider */
  createRoom(): Promise<string>;
  stats(): ProcStats;
  /** asks the server to run a full garbage collection (see gcPreload.ts) */
  collectGarbage(): void;
}

export function repoPaths(repoRoot: string): Record<ServerKind, string> {
  const require = createRequire(join(repoRoot, 'server', 'package.json'));
  const refPkg = require.resolve('@y/websocket-server/package.json');
  return {
    ours: join(repoRoot, 'server', 'dist', 'main.js'),
    reference: join(dirname(refPkg), 'src', 'server.js'),
  };
}

export async function startServer(kind: ServerKind, repoRoot: string): Promise<RunningServer> {
  const preload = fileURLToPath(new URL('./gcPreload.js', import.meta.url));
  // BENCH_NODE_ARGS adds flags to the server under test, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (Node refuses --cpu-prof in NODE_OPTIONS).
  const extraArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const server = await startServerProcess({
    script: repoPaths(repoRoot)[kind],
    name: `${kind} server`,
    cwd: repoRoot,
    nodeArgs: [...extraArgs, '--expose-gc', '--import', preload],
    ...(kind === 'ours'
      ? {
          dataDirPrefix: 'idea-board-bench-',
          env: {
            LOG_LEVEL: 'warn',
            MAX_CONNECTIONS_PER_ADDRESS: '100000',
            // Unload as soon as the last client leaves, so "fresh client after everyone left" times a load from storage.
            ROOM_UNLOAD_DELAY_MS: '0',
          },
        }
      : {}),
    readyPath: kind === 'ours' ? '/healthz' : '/',
  });
  return {
    ...server,
    kind,
    wsUrl: kind === 'ours' ? `ws://${HOST}:${server.port}/yjs` : `ws://${HOST}:${server.port}`,
    createRoom: async () => (kind === 'reference' ? `bench-${randomBytes(12).toString('base64url')}` : createRoom(server.baseUrl)),
    stats: () => readProcStats(server.pid),
    collectGarbage: () => server.signal('SIGUSR2'),
  };
}
