// The real server (`node server/dist/main.js`, built by `npm run build`) as a child
// process on 127.0.0.1, a free port and a fresh temporary DATA_DIR (deleted on stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { YJS_PATH_PREFIX } from '@idea-board/shared';

const HOST = '127.0.0.1';
const OUTPUT_TAIL = 40;

export interface BoardServer {
  pid: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** serverUrl for WebsocketProvider */
  wsUrl: string;
  createRoom(): Promise<string>;
  /** set when the child exited on its own */
  exitInfo(): string | null;
  tail(): string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('no port'));
        return;
      }
      srv.close(() => resolve(addr.port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startServer(repoRoot: string): Promise<BoardServer> {
  const script = join(repoRoot, 'server', 'dist', 'main.js');
  if (!existsSync(script)) throw new Error(`${script} does not exist: run npm run build first`);
  const clientDir = process.env.CLIENT_DIR || join(repoRoot, 'client', 'dist');
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error(`${clientDir} holds no client build: run npm run build first`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'idea-board-client-bench-'));
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOST,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // another client build to serve (e.g. an unminified one for --profile); default client/dist
      ...(process.env.CLIENT_DIR ? { CLIENT_DIR: process.env.CLIENT_DIR } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`could not spawn ${script}`);
  }
  const tail: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tail.length > OUTPUT_TAIL) tail.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited: string | null = null;
  let stopping = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) exited = `exited unexpectedly (code ${String(code)}, signal ${String(signal)})`;
      resolve();
    });
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const ended = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
      if (!ended) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://${HOST}:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`server ${exited}; output:\n${tail.join('\n')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer /healthz within 30 s; output:\n${tail.join('\n')}`);
    }
    await sleep(100);
  }

  return {
    pid,
    baseUrl,
    wsUrl: `ws://${HOST}:${port}${YJS_PATH_PREFIX}`,
    async createRoom() {
      const res = await fetch(`${baseUrl}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/rooms -> ${res.status} ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as { id?: unknown };
      if (typeof body.id !== 'string') throw new Error(`POST /api/rooms: no id in ${text.slice(0, 300)}`);
      return body.id;
    },
    exitInfo: () => exited,
    tail: () => [...tail],
    stop,
  };
}
