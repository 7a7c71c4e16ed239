// A server under test as a child process of this Node on 127.0.0.1 and a free port,
// optionally with a fresh temporary DATA_DIR (deleted on stop), ready once it answers HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

export const HOST = '127.0.0.1';
const OUTPUT_TAIL = 40;

export interface ServerProcessOptions {
  /** the script this Node runs */
  script: string;
  /** names the server in errors, e.g. "reference server" */
  name: string;
  cwd: string;
  /** Node flags before the script */
  nodeArgs?: readonly string[];
  /** the child's environment besides PATH, HOST, PORT and DATA_DIR */
  env?: Record<string, string>;
  /** when set, DATA_DIR is a fresh temporary directory with this name prefix, removed on stop */
  dataDirPrefix?: string;
  /** the path that answers 2xx once the server is ready */
  readyPath: string;
}

export interface ServerProcess {
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** set when the child exited on its own (not through stop()) */
  exitInfo(): string | null;
  /** last lines the child wrote to stdout/stderr, and how many there were */
  output(): { lines: number; tail: string[] };
  /** sends `signal` to the child if it is still running */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, SIGKILL after 5 s; then removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts the server and waits (at most 30 s) until it answers `readyPath`. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { script, name } = options;
  if (!existsSync(script)) throw new Error(`${script} does not exist (not built? run npm run build)`);
  const port = await freePort(HOST);
  const dataDir = options.dataDirPrefix === undefined ? null : mkdtempSync(join(tmpdir(), options.dataDirPrefix));
  const removeDataDir = (): void => {
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  };
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOST,
      PORT: String(port),
      ...(dataDir === null ? {} : { DATA_DIR: dataDir }),
      ...options.env,
    },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    removeDataDir();
    throw new Error(`could not spawn ${script}`);
  }

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
  const running = (): boolean => child.exitCode === null && child.signalCode === null;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    stopping = true;
    if (running()) {
      child.kill('SIGTERM');
      const ended = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
      if (!ended) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    removeDataDir();
  };

  const baseUrl = `http://${HOST}:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${name} ${exited}; output:\n${tail.join('\n')}`);
    }
    try {
      const res = await fetch(baseUrl + options.readyPath, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer ${options.readyPath} within 30 s; output:\n${tail.join('\n')}`);
    }
    await sleep(100);
  }

  return {
    pid,
    port,
    baseUrl,
    exitInfo: () => exited,
    output: () => ({ lines: lineCount, tail: [...tail] }),
    signal: (signal) => {
      if (running()) child.kill(signal);
    },
    stop,
  };
}

/** Creates a room on our server (POST /api/rooms) and returns its id. */
export async function createRoom(baseUrl: string): Promise<string> {
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
}
