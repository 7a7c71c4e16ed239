// Starting, probing and stopping the servers under test, each as a child process on
// 127.0.0.1, and reading their CPU time and memory from /proc.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export type ServerKind = 'ours' | 'reference';

export interface ProcStats {
  /** resident set size now (VmRSS), bytes */
  rssBytes: number;
  /** peak resident set size since the process started (VmHWM), bytes */
  hwmBytes: number;
  /** user + system CPU time since the process started, milliseconds */
  cpuMs: number;
}

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  /** serverUrl for WebsocketProvider */
  wsUrl: string;
  /** creates a room and returns the roomname to give WebsocketProvider */
  createRoom(): Promise<string>;
  stats(): ProcStats;
  /** asks the server to run a full garbage collection (see gcPreload.ts) */
  collectGarbage(): void;
  /** set when the child exited on its own (not through stop()) */
  exitInfo(): string | null;
  /** last lines the child wrote to stdout/stderr, and how many there were */
  output(): { lines: number; tail: string[] };
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const OUTPUT_TAIL = 40;

let clockTicks: number | null = null;
export function clockTicksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time and memory of a process, from /proc/<pid>/stat and /proc/<pid>/status. */
export function readProcStats(pid: number): ProcStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may contain spaces and parentheses: split after the last ')'
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3]: utime = 14, stime = 15
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  return {
    rssBytes: kb('VmRSS'),
    hwmBytes: kb('VmHWM'),
    cpuMs: ((utime + stime) * 1000) / clockTicksPerSecond(),
  };
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

export function repoPaths(repoRoot: string): Record<ServerKind, string> {
  const require = createRequire(join(repoRoot, 'server', 'package.json'));
  const refPkg = require.resolve('@y/websocket-server/package.json');
  return {
    ours: join(repoRoot, 'server', 'dist', 'main.js'),
    reference: join(dirname(refPkg), 'src', 'server.js'),
  };
}

export async function startServer(kind: ServerKind, repoRoot: string): Promise<RunningServer> {
  const script = repoPaths(repoRoot)[kind];
  if (!existsSync(script)) throw new Error(`${script} does not exist (not built?)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOST, PORT: String(port) };
  let dataDir: string | null = null;
  if (kind === 'ours') {
    dataDir = mkdtempSync(join(tmpdir(), 'idea-board-bench-'));
    Object.assign(env, {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MAX_CONNECTIONS_PER_ADDRESS: '100000',
      // Unload as soon as the last client leaves, so "fresh client after everyone left" times a load from storage.
      ROOM_UNLOAD_DELAY_MS: '0',
    });
  }
  const preload = fileURLToPath(new URL('./gcPreload.js', import.meta.url));
  // BENCH_NODE_ARGS adds flags to the server under test, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (Node refuses --cpu-prof in NODE_OPTIONS).
  const extraArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, '--expose-gc', '--import', preload, script], {
    env,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${script}`);

  const tail: string[] = [];
  let lineCount = 0;
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lineCount++;
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

  const base = `http://${HOST}:${port}`;
  const stop = async (): Promise<void> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  };

  // wait until it answers HTTP (bounded)
  const healthPath = kind === 'ours' ? '/healthz' : '/';
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${kind} server ${exited}; output:\n${tail.join('\n')}`);
    }
    try {
      const res = await fetch(base + healthPath, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} server did not answer ${healthPath} within 30 s; output:\n${tail.join('\n')}`);
    }
    await sleep(100);
  }

  const createRoom = async (): Promise<string> => {
    if (kind === 'reference') return `bench-${randomBytes(12).toString('base64url')}`;
    const res = await fetch(`${base}/api/rooms`, {
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
  };

  return {
    kind,
    pid,
    port,
    wsUrl: kind === 'ours' ? `ws://${HOST}:${port}/yjs` : `ws://${HOST}:${port}`,
    createRoom,
    stats: () => readProcStats(pid),
    collectGarbage: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGUSR2');
    },
    exitInfo: () => exited,
    output: () => ({ lines: lineCount, tail: [...tail] }),
    stop,
  };
}
