// Frame statistics, and how busy the machine was with work other than this benchmark's
// own processes (CPU accounting from /proc).
import { machineBusyMs, percentile, treeCpuMs } from '@idea-board/server/bench-support';
import { FRAME_BUDGET_MS } from './config.js';
import type { FrameWindow, Loaf } from './probe.js';

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
