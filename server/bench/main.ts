// `npm run bench` / `npm run bench:quick`: runs the same workloads against our server and
// the reference y-websocket server (@y/websocket-server), prints a table, writes JSON.
//
// Options: --quick
//          --servers=ours,reference          (default both)
//          --workloads=rooms10,rooms50,idle,bigsync   (default all)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, type BenchConfig, type RoomsWorkload } from './config.js';
import { startServer, type RunningServer, type ServerKind } from './servers.js';
import { renderTable, ratioValue } from './report.js';
import {
  benchLog,
  describeMachine,
  fileStamp,
  limitRun,
  loadAverage,
  machineLoadPercent,
  runToExit,
  writeJson,
  type RunControl,
} from './support/index.js';
import { buildSections, busyMachineWarnings, type Outcome, type PerServer, type Results } from './summary.js';
import { StartTogether, poolRounds, runRooms, type RoomsResult, type RoomsRound, type RoomsRunOptions } from './workloads/rooms.js';
import { runIdle } from './workloads/idle.js';
import { buildBoard, runBigSync, type Board } from './workloads/bigsync.js';

type WorkloadName = 'rooms10' | 'rooms50' | 'idle' | 'bigsync';
const WORKLOADS: WorkloadName[] = ['rooms10', 'rooms50', 'idle', 'bigsync'];
// the reference first: if ours fails to start or dies, the reference figures still stand
const SERVERS: ServerKind[] = ['reference', 'ours'];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function parseList<T extends string>(arg: string | undefined, allowed: readonly T[], what: string): T[] {
  if (arg === undefined) return [...allowed];
  const items = arg.split(',').filter((s) => s !== '');
  for (const i of items) {
    if (!(allowed as readonly string[]).includes(i)) throw new Error(`unknown ${what} "${i}" (allowed: ${allowed.join(', ')})`);
  }
  return items as T[];
}

function parseArgs(argv: string[]): { cfg: BenchConfig; servers: ServerKind[]; workloads: WorkloadName[] } {
  let quick = false;
  let servers: string | undefined;
  let workloads: string | undefined;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a.startsWith('--servers=')) servers = a.slice('--servers='.length);
    else if (a.startsWith('--workloads=')) workloads = a.slice('--workloads='.length);
    else throw new Error(`unknown argument ${a}`);
  }
  return {
    cfg: quick ? QUICK : FULL,
    servers: parseList(servers, SERVERS, 'server'),
    workloads: parseList(workloads, WORKLOADS, 'workload'),
  };
}

const running = new Set<RunningServer>();

async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((s) => s.stop()));
  running.clear();
}

const log = benchLog('bench');
const control: RunControl = { log, closeAll: stopAll };

async function withServer<T>(
  kind: ServerKind,
  fn: (s: RunningServer) => Promise<T>,
): Promise<Outcome<T>> {
  let server: RunningServer | null = null;
  try {
    server = await startServer(kind, repoRoot);
    running.add(server);
    const value = await fn(server);
    const out = server.output();
    return { ok: true, value, serverLogLines: out.lines, serverLogTail: out.tail.slice(-10) };
  } catch (err) {
    const out = server?.output() ?? { lines: 0, tail: [] };
    const exit = server?.exitInfo() ?? null;
    const msg = (err instanceof Error ? err.message : String(err)) + (exit !== null ? ` [server ${exit}]` : '');
    return { ok: false, error: msg, serverLogLines: out.lines, serverLogTail: out.tail.slice(-10) };
  } finally {
    if (server !== null) {
      await server.stop();
      running.delete(server);
    }
  }
}

/** Runs one workload against one server, logging its start, its end or its failure. */
async function timed<T>(label: string, kind: ServerKind, run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  log(`${label}: ${kind}…`);
  const t0 = Date.now();
  const outcome = await run();
  if (!outcome.ok) {
    log(`${label}: ${kind} FAILED: ${outcome.error}`);
    for (const l of outcome.serverLogTail) log(`  ${kind} server: ${l}`);
  } else {
    log(`${label}: ${kind} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return outcome;
}

/**
 * A rooms workload's rounds against every server (see RoomsWorkload.rounds and
 * sideBySide), each server's rounds pooled into one result. A server that fails
 * a round sits out the rest; its outcome is that failure.
 */
async function runRoomsRounds(
  name: WorkloadName,
  workload: RoomsWorkload,
  servers: ServerKind[],
  syncTimeoutMs: number,
): Promise<Map<ServerKind, Outcome<RoomsResult>>> {
  type RoundOutcome = Outcome<RoomsRound>;
  const done = new Map<ServerKind, Extract<RoundOutcome, { ok: true }>[]>();
  const failures = new Map<ServerKind, Extract<RoundOutcome, { ok: false }>>();
  const record = (kind: ServerKind, outcome: RoundOutcome): void => {
    if (outcome.ok) done.set(kind, [...(done.get(kind) ?? []), outcome]);
    else failures.set(kind, outcome);
  };
  const slotMs = 1000 / workload.hz / (workload.rooms * workload.writersPerRoom);
  for (let round = 0; round < workload.rounds; round++) {
    const label = workload.rounds > 1 ? `${name} round ${round + 1}/${workload.rounds}` : name;
    // Alternating order: reference, ours, then ours, reference, ... (side by side: whose writers go first).
    const order = (round % 2 === 0 ? servers : [...servers].reverse()).filter((kind) => !failures.has(kind));
    const run = (kind: ServerKind, options?: RoomsRunOptions): Promise<RoundOutcome> =>
      timed(label, kind, () => withServer(kind, (s) => runRooms(s, workload, syncTimeoutMs, options)));
    if (workload.sideBySide && order.length > 1) {
      const together = new StartTogether(order.length);
      const outcomes = await Promise.all(
        order.map((kind, k) => {
          const seat = together.seat();
          return run(kind, { seat, writerOffsetMs: (k * slotMs) / order.length }).finally(() => seat.leave());
        }),
      );
      order.forEach((kind, k) => record(kind, outcomes[k]!));
    } else {
      for (const kind of order) record(kind, await run(kind));
    }
  }
  const pooled = new Map<ServerKind, Outcome<RoomsResult>>();
  for (const kind of servers) {
    const failure = failures.get(kind);
    const outcomes = done.get(kind) ?? [];
    const last = outcomes.at(-1);
    if (failure) pooled.set(kind, failure);
    else if (last) pooled.set(kind, { ...last, value: poolRounds(outcomes.map((outcome) => outcome.value)) });
  }
  return pooled;
}

async function main(): Promise<number> {
  // every WebsocketProvider adds a process 'exit' listener; hundreds are expected here
  process.setMaxListeners(0);
  const { cfg, servers, workloads } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const liftTimeLimit = limitRun(cfg.deadlineMs, control);

  const loadAtStart = loadAverage();
  log(`${cfg.mode} run; servers: ${servers.join(', ')}; workloads: ${workloads.join(', ')}`);
  const busyAtStart = await machineLoadPercent(1000);
  if (busyAtStart > 15) {
    log(`WARNING: other work is using ${busyAtStart.toFixed(0)}% of a core right now; the figures will be skewed`);
  }
  const results: Results = {};
  let board: Board | null = null;
  let failed = 0;

  for (const w of workloads) {
    const per: PerServer<unknown> = {};
    if (w === 'bigsync' && board === null) {
      log(`building a ${(cfg.bigsync.targetBytes / 1024 / 1024).toFixed(0)} MB board`);
      board = buildBoard(cfg.bigsync);
      log(`board: ${board.elements} strokes, ${board.update.length} bytes, ${Math.round(board.buildMs)} ms`);
    }
    if (w === 'rooms10' || w === 'rooms50') {
      const outcomes = await runRoomsRounds(w, cfg[w], servers, cfg.syncTimeoutMs);
      for (const [kind, outcome] of outcomes) {
        if (!outcome.ok) failed++;
        per[kind] = outcome;
      }
    } else {
      for (const kind of servers) {
        const outcome = await timed<unknown>(w, kind, () => {
          switch (w) {
            case 'idle':
              return withServer(kind, (s) => runIdle(s, cfg.idle, cfg.syncTimeoutMs));
            case 'bigsync': {
              const b = board;
              if (b === null) throw new Error('board missing');
              return withServer(kind, (s) => runBigSync(s, cfg.bigsync, b, cfg.syncTimeoutMs));
            }
          }
        });
        if (!outcome.ok) failed++;
        per[kind] = outcome;
      }
    }
    // each workload's results have that workload's type; the switch above guarantees it
    (results as Record<WorkloadName, PerServer<unknown>>)[w] = per;
  }
  liftTimeLimit();

  const sections = buildSections(cfg, results, board);
  const machine = describeMachine();
  console.log('');
  console.log(`Idea board sync server benchmark (${cfg.mode}) — ours vs @y/websocket-server 0.1.1`);
  console.log(`Machine: ${machine}.`);
  console.log(
    'The clients (stock y-websocket 3.1.0 providers over ws, all in this one bench process) and the server ' +
      'under test share this machine, so latencies include client-side queueing; see the bench-process rows.',
  );
  console.log('Our server persists every update (SQLite in a temp DATA_DIR) before relaying; the reference keeps documents in memory only.');
  console.log(
    `Other load on the machine just before the run: ${busyAtStart.toFixed(0)}% of a core; ` +
      `load average at start ${loadAtStart}, at end ${loadAverage()}.`,
  );
  console.log('');
  console.log(renderTable(sections));
  const warnings = busyMachineWarnings(results);
  if (warnings.length > 0) {
    console.log('');
    console.log('WARNING: the machine was busy with other work during part of this run; those figures are skewed:');
    for (const w of warnings) console.log(`  ${w}`);
  }

  const file = writeJson(join(repoRoot, 'bench-results'), `bench-${fileStamp()}.json`, {
    date: new Date().toISOString(),
    mode: cfg.mode,
    machine,
    loadAverageAtStart: loadAtStart,
    otherLoadAtStartPercent: busyAtStart,
    busyMachineWarnings: busyMachineWarnings(results),
    durationSec: (Date.now() - started) / 1000,
    config: cfg,
    board: board === null ? null : { bytes: board.update.length, elements: board.elements, points: board.points, buildMs: board.buildMs },
    results,
    table: sections.map((s) => ({
      title: s.title,
      notes: s.notes,
      rows: s.rows.map((r) => ({ ...r, oursOverReference: ratioValue(r) })),
    })),
  });
  console.log('');
  console.log(`Results written to ${file} (total ${((Date.now() - started) / 1000).toFixed(0)} s).`);
  return failed > 0 ? 1 : 0;
}

runToExit(main, control);
