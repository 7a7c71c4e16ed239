// Number crunching: latency samples and percentiles, and monitors of the server child
// process and of the bench process itself (which runs every client).
import type { RunningServer } from './servers.js';
import { machineBusyMs, median, percentile, treeCpuMs } from './support/index.js';

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

  /** Adds every sample of `other` (pooling rounds of one workload). */
  addAll(other: Samples): void {
    for (let i = 0; i < other.n; i++) this.push(other.buf[i]!);
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Median of a few RSS readings taken `gapMs` apart (RSS moves with GC). */
export async function steadyRss(server: RunningServer, readings = 5, gapMs = 200): Promise<number> {
  return medianRss(server, readings, gapMs);
}

/** RSS after the server ran a full garbage collection (median of a few readings). */
export async function rssAfterGc(server: RunningServer, readings = 5, gapMs = 200): Promise<number> {
  server.collectGarbage();
  await sleep(500);
  return medianRss(server, readings, gapMs);
}

async function medianRss(server: RunningServer, readings: number, gapMs: number): Promise<number> {
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
  private static readonly TICK_MS = 5;
  private timer: NodeJS.Timeout | null = null;
  private lateness = new Samples(4096);
  private cpu0: NodeJS.CpuUsage = process.cpuUsage();
  private t0 = performance.now();

  start(): void {
    this.lateness = new Samples(4096);
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
    let last = this.t0;
    // event-loop lag: how much later than asked a 5 ms timer fires
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lateness.push(Math.max(0, now - last - LoadGenMonitor.TICK_MS));
      last = now;
    }, LoadGenMonitor.TICK_MS);
  }

  stop(): LoadGenFigures {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const cpu = process.cpuUsage(this.cpu0);
    const wallMs = performance.now() - this.t0;
    const lag = this.lateness.summary();
    return {
      cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      loopDelayP99Ms: lag?.p99 ?? NaN,
      loopDelayMaxMs: lag?.max ?? NaN,
    };
  }
}

/**
 * CPU used by everything on the machine other than this bench process and the servers it
 * started (steal time included), in % of one core: other work running at the same time
 * skews every figure. Short-lived processes count too, unlike a sum over /proc/<pid>.
 */
export class MachineMonitor {
  private busy0 = 0;
  private ours0 = 0;
  private t0 = 0;

  start(): void {
    this.busy0 = machineBusyMs();
    this.ours0 = treeCpuMs([process.pid]);
    this.t0 = performance.now();
  }

  /** CPU of processes other than this one and the servers it started, over the window, % of one core */
  stop(): number {
    const busy = machineBusyMs() - this.busy0;
    const ours = treeCpuMs([process.pid]) - this.ours0;
    const wallMs = performance.now() - this.t0;
    return Math.max(0, ((busy - ours) / wallMs) * 100);
  }
}
