// Number crunching: latency samples and percentiles, and monitors of the server child
// process and of the bench process itself (which runs every client).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RunningServer } from './servers.js';

/** Growable buffer of float samples (milliseconds). */
export class Samples {
  private buf: Float64Array;
  private n = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Float64Array(Math.max(16, initialCapacity));
  }

  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
  }

  get count(): number {
    return this.n;
  }

  summary(): LatencySummary | null {
    if (this.n === 0) return null;
    const sorted = this.buf.slice(0, this.n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: this.n,
      mean: sum / this.n,
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      max: sorted[this.n - 1] ?? NaN,
    };
  }
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Median of a few RSS readings taken `gapMs` apart (RSS moves with GC). */
export async function steadyRss(server: RunningServer, readings = 5, gapMs = 200): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < readings; i++) {
    if (i > 0) await sleep(gapMs);
    values.push(server.stats().rssBytes);
  }
  return median(values);
}

/** Samples the server's RSS periodically between start() and stop(). */
export class ServerSampler {
  private timer: NodeJS.Timeout | null = null;
  peakRssBytes = 0;
  readings = 0;

  constructor(
    private readonly server: RunningServer,
    private readonly everyMs = 500,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    if (this.server.exitInfo() !== null) return;
    const s = this.server.stats();
    this.readings++;
    if (s.rssBytes > this.peakRssBytes) this.peakRssBytes = s.rssBytes;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
}

export interface LoadGenFigures {
  /** CPU used by the bench process (all clients) as % of one core */
  cpuPercent: number;
  /** event-loop delay of the bench process, ms */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** How busy the bench process itself was: if it saturates, latencies include its queueing. */
export class LoadGenMonitor {
  private readonly hist: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private cpu0: NodeJS.CpuUsage = process.cpuUsage();
  private t0 = performance.now();

  start(): void {
    this.hist.reset();
    this.hist.enable();
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  stop(): LoadGenFigures {
    this.hist.disable();
    const cpu = process.cpuUsage(this.cpu0);
    const wallMs = performance.now() - this.t0;
    return {
      cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      loopDelayP99Ms: this.hist.percentile(99) / 1e6,
      loopDelayMaxMs: this.hist.max / 1e6,
    };
  }
}
