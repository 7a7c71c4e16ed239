// Number crunching (percentiles, frame statistics) and CPU accounting from /proc:
// how busy the machine was with work other than this benchmark's own processes.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { FRAME_BUDGET_MS } from './config.js';
import type { FrameWindow, Loaf } from './probe.js';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export interface FrameStats {
  /** frame intervals measured (consecutive rAF timestamps) */
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** intervals longer than one 60 Hz frame (16.7 ms) */
  over16: number;
  /** estimated vsyncs missed: sum over intervals of round(interval / 16.67) - 1 */
  missedVsyncs: number;
  /**
   * Per frame, from its start until a task posted in its rAF callback ran, p50/p95, ms:
   * the frame's own main-thread work (input, rAF, style, layout, paint) plus any task
   * queued ahead of that one. An upper bound on the frame's work (JSON only).
   */
  workP50: number;
  workP95: number;
}

/** Time between consecutive frames, ms. */
export function frameIntervals(frames: FrameWindow): number[] {
  const intervals: number[] = [];
  for (let i = 1; i < frames.raf.length; i++) intervals.push((frames.raf[i] ?? 0) - (frames.raf[i - 1] ?? 0));
  return intervals;
}

/**
 * rAF timestamps are vsync times, 16.67 ms apart at 60 Hz, but the page reads them
 * coarsened to 0.1 ms: a frame on time reads as 16.6 to 16.8 ms. A frame counts as late
 * (and the p95 target as met) with this much slack over the budget.
 */
export const TIMER_SLACK_MS = 0.2;

/** The pan target: p95 frame time within one 60 Hz frame (16.7 ms), read with the timer slack. */
export function panTargetMet(p95: number): boolean {
  return p95 <= FRAME_BUDGET_MS + TIMER_SLACK_MS;
}

export function frameStats(frames: FrameWindow): FrameStats {
  const intervals = frameIntervals(frames);
  const sorted = [...intervals].sort((a, b) => a - b);
  const work = frames.work.filter((w) => w >= 0).sort((a, b) => a - b);
  let sum = 0;
  let over16 = 0;
  let missed = 0;
  for (const v of intervals) {
    sum += v;
    if (v > FRAME_BUDGET_MS + TIMER_SLACK_MS) over16++;
    missed += Math.max(0, Math.round(v / FRAME_BUDGET_MS) - 1);
  }
  return {
    frames: intervals.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    mean: intervals.length > 0 ? sum / intervals.length : NaN,
    over16,
    missedVsyncs: missed,
    workP50: percentile(work, 0.5),
    workP95: percentile(work, 0.95),
  };
}

/** Where the main thread went in the long frames (>= 50 ms) of a window. */
export interface LoafSummary {
  count: number;
  totalMs: number;
  /** time before the rendering step: tasks, input handlers */
  tasksMs: number;
  /** rAF callbacks, resize observers and the like (rendering step up to style) */
  rafMs: number;
  /** style, layout and paint */
  styleLayoutPaintMs: number;
  /** forced style/layout inside scripts */
  forcedLayoutMs: number;
  /** the costliest script entry points, by total duration */
  topScripts: Array<{ source: string; invoker: string; ms: number; count: number }>;
}

export function summarizeLoafs(loafs: readonly Loaf[]): LoafSummary {
  let totalMs = 0;
  let tasksMs = 0;
  let rafMs = 0;
  let slpMs = 0;
  let forcedMs = 0;
  const scripts = new Map<string, { source: string; invoker: string; ms: number; count: number }>();
  for (const l of loafs) {
    const end = l.start + l.duration;
    totalMs += l.duration;
    const renderStart = l.renderStart > 0 ? l.renderStart : end;
    const styleStart = l.styleAndLayoutStart > 0 ? l.styleAndLayoutStart : end;
    tasksMs += Math.max(0, renderStart - l.start);
    rafMs += Math.max(0, styleStart - renderStart);
    slpMs += Math.max(0, end - styleStart);
    for (const s of l.scripts) {
      forcedMs += s.forcedStyleAndLayout;
      const key = `${s.invoker}|${s.source}`;
      const entry = scripts.get(key) ?? { source: s.source, invoker: s.invoker, ms: 0, count: 0 };
      entry.ms += s.duration;
      entry.count++;
      scripts.set(key, entry);
    }
  }
  return {
    count: loafs.length,
    totalMs,
    tasksMs,
    rafMs,
    styleLayoutPaintMs: slpMs,
    forcedLayoutMs: forcedMs,
    topScripts: [...scripts.values()].sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

// --- CPU accounting ----------------------------------------------------------

let clockTicks: number | null = null;
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (all cores) the machine spent busy since boot, ms (first line of /proc/stat, steal included). */
export function machineBusyMs(): number {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const f = first.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return ((total - idle) * 1000) / ticksPerSecond();
}

interface ProcEntry {
  ppid: number;
  cpuMs: number;
}

function readProcs(): Map<number, ProcEntry> {
  const out = new Map<number, ProcEntry>();
  const ticks = ticksPerSecond();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // rest[0] is field 3 (state): ppid = field 4, utime = 14, stime = 15
      out.set(Number(name), { ppid: Number(rest[1]), cpuMs: ((Number(rest[11]) + Number(rest[12])) * 1000) / ticks });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU time used so far by these processes and all their descendants, ms. */
export function treeCpuMs(roots: readonly number[]): number {
  const procs = readProcs();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(pid);
    children.set(p.ppid, list);
  }
  let total = 0;
  const seen = new Set<number>();
  const stack = roots.filter((pid) => procs.has(pid));
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += procs.get(pid)?.cpuMs ?? 0;
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return total;
}

export interface LoadWindow {
  /** CPU used by processes other than this one and its children (server, browser), % of one core */
  otherPercent: number;
  /** CPU used by the browser's processes, % of one core */
  browserPercent: number;
}

/**
 * Measures, between start() and stop(), the CPU used by everything else on the
 * machine: the machine's busy time minus this process and its descendants (the
 * server and the browser are both children of this process).
 */
export class LoadMonitor {
  #busy0 = 0;
  #tree0 = 0;
  #server0 = 0;
  #self0 = 0;
  #t0 = 0;

  constructor(private readonly serverPid: () => number | null) {}

  #server(): number {
    const pid = this.serverPid();
    return pid === null ? 0 : treeCpuMs([pid]);
  }

  start(): void {
    this.#busy0 = machineBusyMs();
    this.#tree0 = treeCpuMs([process.pid]);
    this.#server0 = this.#server();
    this.#self0 = selfCpuMs();
    this.#t0 = performance.now();
  }

  stop(): LoadWindow {
    const wall = performance.now() - this.#t0;
    const busy = machineBusyMs() - this.#busy0;
    const tree = treeCpuMs([process.pid]) - this.#tree0;
    const server = this.#server() - this.#server0;
    const self = selfCpuMs() - this.#self0;
    return {
      otherPercent: Math.max(0, ((busy - tree) / wall) * 100),
      browserPercent: Math.max(0, ((tree - server - self) / wall) * 100),
    };
  }
}

function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU the whole machine used over `ms`, minus this process, % of one core. */
export async function machineLoadPercent(ms: number): Promise<number> {
  const b0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const self = process.cpuUsage(self0);
  const busy = machineBusyMs() - b0 - (self.user + self.system) / 1000;
  return Math.max(0, (busy / (performance.now() - t0)) * 100);
}
