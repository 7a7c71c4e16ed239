// Live drawing: rooms of stock y-websocket clients, some of them appending stroke points at
// a fixed rate; every other client in the room observes the points arrive.
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import type { RoomsWorkload } from '../config.js';
import type { RunningServer } from '../servers.js';
import {
  closeClients,
  describeConnectionLog,
  newConnectionLog,
  openClients,
  type Client,
} from '../clients.js';
import {
  LoadGenMonitor,
  MachineMonitor,
  Samples,
  ServerSampler,
  steadyRss,
  type LatencySummary,
  type LoadGenFigures,
} from '../stats.js';

export interface RoomsResult {
  /** rounds pooled in these figures (see RoomsWorkload.rounds) */
  rounds: number;
  rooms: number;
  clientsPerRoom: number;
  writersPerRoom: number;
  connectMs: number;
  /** from the first point sent to the last */
  sendWindowMs: number;
  pointsSent: number;
  expectedDeliveries: number;
  receivedDeliveries: number;
  lostDeliveries: number;
  /** point sent by a writer -> the same point observed in another client's Y.Array, ms */
  latency: LatencySummary | null;
  deliveriesPerSec: number;
  serverCpuMs: number;
  serverCpuPercent: number;
  serverCpuUsPerDelivery: number;
  serverRssIdleBytes: number;
  serverRssPeakBytes: number;
  serverRssEndBytes: number;
  loadgen: LoadGenFigures;
  /** CPU of every other process on the machine while drawing, % of one core */
  otherCpuPercent: number;
  connectionTrouble: string;
}

/** One round's figures, and its latencies for pooling with the other rounds. */
export interface RoomsRound {
  result: RoomsResult;
  latencies: Samples;
}

/**
 * The figures of several rounds against one server as one result: counts and CPU
 * are summed (CPU per delivery is total CPU over total deliveries), latencies pooled,
 * peaks are the highest, and the rest averaged.
 */
export function poolRounds(rounds: readonly RoomsRound[]): RoomsResult {
  const first = rounds[0];
  if (!first) throw new Error('no rounds to pool');
  if (rounds.length === 1) return first.result;
  const results = rounds.map((r) => r.result);
  const sum = (f: (r: RoomsResult) => number): number => results.reduce((s, r) => s + f(r), 0);
  const mean = (f: (r: RoomsResult) => number): number => sum(f) / results.length;
  const max = (f: (r: RoomsResult) => number): number => Math.max(...results.map(f));
  const latencies = new Samples(rounds.reduce((s, r) => s + r.latencies.count, 0));
  for (const r of rounds) latencies.addAll(r.latencies);
  const received = sum((r) => r.receivedDeliveries);
  const serverCpuMs = sum((r) => r.serverCpuMs);
  return {
    ...first.result,
    rounds: rounds.length,
    connectMs: mean((r) => r.connectMs),
    sendWindowMs: sum((r) => r.sendWindowMs),
    pointsSent: sum((r) => r.pointsSent),
    expectedDeliveries: sum((r) => r.expectedDeliveries),
    receivedDeliveries: received,
    lostDeliveries: sum((r) => r.lostDeliveries),
    latency: latencies.summary(),
    deliveriesPerSec: mean((r) => r.deliveriesPerSec),
    serverCpuMs,
    serverCpuPercent: mean((r) => r.serverCpuPercent),
    serverCpuUsPerDelivery: received === 0 ? NaN : (serverCpuMs * 1000) / received,
    serverRssIdleBytes: mean((r) => r.serverRssIdleBytes),
    serverRssPeakBytes: max((r) => r.serverRssPeakBytes),
    serverRssEndBytes: mean((r) => r.serverRssEndBytes),
    loadgen: {
      cpuPercent: mean((r) => r.loadgen.cpuPercent),
      loopDelayP99Ms: mean((r) => r.loadgen.loopDelayP99Ms),
      loopDelayMaxMs: max((r) => r.loadgen.loopDelayMaxMs),
    },
    // The busiest round: a warning about other load must not be averaged away.
    otherCpuPercent: max((r) => r.otherCpuPercent),
    connectionTrouble: results.map((r) => r.connectionTrouble).filter((t) => t !== 'none').join('; ') || 'none',
  };
}

/**
 * Lets the runs of a side-by-side round (one per server, each with its own clients in this
 * process) start drawing at the same moment, once every one of them is connected.
 */
export class StartTogether {
  private readonly start: Promise<number>;
  private resolveStart!: (at: number) => void;
  private waitingFor: number;

  constructor(runs: number) {
    this.waitingFor = runs;
    this.start = new Promise((resolve) => (this.resolveStart = resolve));
  }

  /**
   * One run's place. The run arrives when its clients are connected; whoever
   * started it leaves it once the run has settled, which only counts when the
   * run never arrived (it failed earlier, even before its server was up), so
   * the others do not wait for it forever.
   */
  seat(): Seat {
    let taken = false;
    const take = (): void => {
      if (taken) return;
      taken = true;
      this.waitingFor -= 1;
      if (this.waitingFor <= 0) this.resolveStart(performance.now() + 50);
    };
    return {
      arrive: () => {
        take();
        return this.start;
      },
      leave: take,
    };
  }
}

export interface Seat {
  /** Resolves with the common start time once every run has arrived or left. */
  arrive(): Promise<number>;
  leave(): void;
}

export interface RoomsRunOptions {
  /** Start with the other runs of a side-by-side round. */
  seat?: Seat;
  /** Shifts this run's writers within their slots, so two servers' clients do not send in the same millisecond. */
  writerOffsetMs?: number;
}

/** send times of one stroke's points, shared by writer and receivers (one process) */
type Tracker = Map<string, Float64Array>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Writer {
  private readonly elements: Y.Map<Y.Map<unknown>>;
  private points: Y.Array<number> | null = null;
  private strokeId = '';
  private n = 0;
  private strokes = 0;
  sent = 0;

  constructor(
    private readonly client: Client,
    private readonly tracker: Tracker,
    private readonly pointsPerStroke: number,
    private readonly author: string,
  ) {
    this.elements = client.doc.getMap('elements');
  }

  tick(): void {
    const x = Math.round(Math.random() * 4000);
    const y = Math.round(Math.random() * 4000);
    if (this.points === null || this.n >= this.pointsPerStroke) {
      this.strokeId = randomBytes(16).toString('base64url');
      const times = new Float64Array(this.pointsPerStroke);
      this.tracker.set(this.strokeId, times);
      const el = new Y.Map<unknown>();
      const pts = new Y.Array<number>();
      el.set('type', 'stroke');
      el.set('x', x);
      el.set('y', y);
      el.set('stroke', '#1e1e1e');
      el.set('strokeWidth', 4);
      el.set('z', `a${this.author}${(this.strokes++).toString(36)}`);
      el.set('author', this.author);
      el.set('createdAt', Date.now());
      pts.push([0, 0]);
      el.set('points', pts);
      this.n = 1;
      times[0] = performance.now();
      this.elements.set(this.strokeId, el);
      this.points = pts;
    } else {
      const times = this.tracker.get(this.strokeId);
      if (times === undefined) throw new Error('untracked stroke');
      const i = this.n++;
      times[i] = performance.now();
      // a pen moving a few pixels per tick
      this.points.push([i * 3 + Math.round(Math.random() * 2), Math.round(Math.sin(i / 5) * 40)]);
    }
    this.sent++;
  }
}

class Receiver {
  /** stroke id -> points already seen */
  private readonly seen = new Map<string, number>();

  constructor(
    client: Client,
    private readonly tracker: Tracker,
    private readonly onDelivery: (latencyMs: number, now: number) => void,
  ) {
    const elements = client.doc.getMap<Y.Map<unknown>>('elements');
    elements.observeDeep((events, txn) => {
      if (txn.local) return;
      const now = performance.now();
      for (const ev of events) {
        if (ev instanceof Y.YMapEvent && ev.target === elements) {
          for (const key of ev.keysChanged) this.check(elements, key, now);
        } else {
          const id = ev.path[0];
          if (typeof id === 'string') this.check(elements, id, now);
        }
      }
    });
  }

  private check(elements: Y.Map<Y.Map<unknown>>, id: string, now: number): void {
    const times = this.tracker.get(id);
    if (times === undefined) return;
    const pts = elements.get(id)?.get('points');
    if (!(pts instanceof Y.Array)) return;
    const pairs = Math.min(pts.length >> 1, times.length);
    const from = this.seen.get(id) ?? 0;
    for (let i = from; i < pairs; i++) this.onDelivery(now - (times[i] ?? NaN), now);
    if (pairs > from) this.seen.set(id, pairs);
  }
}

/** Runs writers at a fixed rate with absolute deadlines; a late tick fires at once. */
function runTicks(w: Writer, startAt: number, periodMs: number, ticks: number, abort: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let k = 0;
    const step = (): void => {
      if (k >= ticks || abort()) {
        resolve();
        return;
      }
      w.tick();
      k++;
      setTimeout(step, Math.max(0, startAt + k * periodMs - performance.now()));
    };
    setTimeout(step, Math.max(0, startAt - performance.now()));
  });
}

export async function runRooms(
  server: RunningServer,
  cfg: RoomsWorkload,
  syncTimeoutMs: number,
  options: RoomsRunOptions = {},
): Promise<RoomsRound> {
  const log = newConnectionLog();
  const roomIds: string[] = [];
  for (let r = 0; r < cfg.rooms; r++) roomIds.push(await server.createRoom());

  const t0 = performance.now();
  // openClients spreads round-robin; open room by room so writers are the first clients of each room
  const byRoom: Client[][] = [];
  try {
    for (const room of roomIds) {
      byRoom.push(
        await openClients(server.wsUrl, [room], cfg.clientsPerRoom, log, { batch: 25, syncTimeoutMs }),
      );
    }
  } catch (err) {
    await closeClients(byRoom.flat());
    throw err;
  }
  const connectMs = performance.now() - t0;
  const all = byRoom.flat();

  try {
    await sleep(1000);
    const serverRssIdleBytes = await steadyRss(server, 3);

    const tracker: Tracker = new Map();
    const periodMs = 1000 / cfg.hz;
    const ticks = Math.round((cfg.durationMs / 1000) * cfg.hz);
    const expectedPerPoint = cfg.clientsPerRoom - 1;
    const samples = new Samples(cfg.rooms * cfg.writersPerRoom * ticks * expectedPerPoint);
    let received = 0;
    let lastDeliveryAt = 0;
    const onDelivery = (latency: number, now: number): void => {
      samples.push(latency);
      received++;
      lastDeliveryAt = now;
    };
    const writers: Writer[] = [];
    for (const [r, clients] of byRoom.entries()) {
      for (const [i, c] of clients.entries()) {
        new Receiver(c, tracker, onDelivery);
        if (i < cfg.writersPerRoom) writers.push(new Writer(c, tracker, cfg.pointsPerStroke, `r${r}w${i}`));
      }
    }

    // Every run of a side-by-side round is connected before any of them draws.
    const start = await (options.seat?.arrive() ?? performance.now() + 50);
    const sampler = new ServerSampler(server);
    const loadgen = new LoadGenMonitor();
    const machine = new MachineMonitor();
    const cpu0 = server.stats().cpuMs;
    sampler.start();
    loadgen.start();
    machine.start();
    const abort = (): boolean => server.exitInfo() !== null;
    // stagger writers over one period so their ticks do not all land in the same millisecond
    await Promise.all(
      writers.map((w, i) => runTicks(w, start + (options.writerOffsetMs ?? 0) + (i * periodMs) / writers.length, periodMs, ticks, abort)),
    );
    const sendEnd = performance.now();
    const pointsSent = writers.reduce((s, w) => s + w.sent, 0);
    const expected = pointsSent * expectedPerPoint;
    const drainDeadline = performance.now() + cfg.drainMs;
    while (received < expected && performance.now() < drainDeadline && !abort()) await sleep(50);
    const otherCpuPercent = machine.stop();
    const loadgenFigures = loadgen.stop();
    sampler.stop();
    if (server.exitInfo() !== null) throw new Error(`server ${server.exitInfo() ?? ''}`);
    const end = server.stats();
    const wallMs = performance.now() - start;
    const serverCpuMs = end.cpuMs - cpu0;

    const result: RoomsResult = {
      rounds: 1,
      rooms: cfg.rooms,
      clientsPerRoom: cfg.clientsPerRoom,
      writersPerRoom: cfg.writersPerRoom,
      connectMs,
      sendWindowMs: sendEnd - start,
      pointsSent,
      expectedDeliveries: expected,
      receivedDeliveries: received,
      lostDeliveries: expected - received,
      latency: samples.summary(),
      deliveriesPerSec: received === 0 ? 0 : received / ((lastDeliveryAt - start) / 1000),
      serverCpuMs,
      serverCpuPercent: (serverCpuMs / wallMs) * 100,
      serverCpuUsPerDelivery: received === 0 ? NaN : (serverCpuMs * 1000) / received,
      serverRssIdleBytes,
      serverRssPeakBytes: sampler.peakRssBytes,
      serverRssEndBytes: end.rssBytes,
      loadgen: loadgenFigures,
      otherCpuPercent,
      connectionTrouble: describeConnectionLog(log),
    };
    return { result, latencies: samples };
  } finally {
    await closeClients(all);
  }
}
