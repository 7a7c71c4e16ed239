// Maps workload results to table sections (which figures, units, better direction).
import type { BenchConfig, RoomsWorkload } from './config.js';
import type { Cell, Row, Section } from './report.js';
import type { ServerKind } from './servers.js';
import type { RoomsResult } from './workloads/rooms.js';
import type { IdleResult } from './workloads/idle.js';
import type { BigSyncResult, Board } from './workloads/bigsync.js';
import { median } from './support/index.js';

export type Outcome<T> =
  | { ok: true; value: T; serverLogLines: number; serverLogTail: string[] }
  | { ok: false; error: string; serverLogLines: number; serverLogTail: string[] };

export type PerServer<T> = Partial<Record<ServerKind, Outcome<T>>>;

export interface Results {
  rooms10?: PerServer<RoomsResult>;
  rooms50?: PerServer<RoomsResult>;
  idle?: PerServer<IdleResult>;
  bigsync?: PerServer<BigSyncResult>;
}

const MB = 1024 * 1024;

function row<T>(
  per: PerServer<T>,
  label: string,
  unit: string,
  pick: (v: T) => Cell,
  better?: 'lower' | 'higher',
): Row {
  const value = (k: ServerKind): Cell => {
    const o = per[k];
    if (o === undefined) return null;
    return o.ok ? pick(o.value) : 'FAILED';
  };
  const r: Row = { label, unit, values: { ours: value('ours'), reference: value('reference') } };
  if (better !== undefined) r.better = better;
  return r;
}

function failures<T>(per: PerServer<T>): string[] {
  const notes: string[] = [];
  for (const k of ['ours', 'reference'] as const) {
    const o = per[k];
    if (o !== undefined && !o.ok) notes.push(`${k} FAILED: ${o.error.split('\n')[0] ?? ''}`);
    if (o !== undefined && o.serverLogLines > 0 && k === 'ours') {
      notes.push(`${k} server wrote ${o.serverLogLines} log line(s) at LOG_LEVEL=warn; last: ${o.serverLogTail.at(-1) ?? ''}`);
    }
  }
  return notes;
}

function roomsSection(title: string, cfg: RoomsWorkload, per: PerServer<RoomsResult>): Section {
  const notes = [
    `${cfg.rooms} room(s) x ${cfg.clientsPerRoom} clients, ${cfg.writersPerRoom} writers per room appending 2 numbers ` +
      `to a stroke's points at ${cfg.hz} Hz for ${cfg.durationMs / 1000} s (new stroke every ${cfg.pointsPerStroke} points); ` +
      `a delivery = one point seen by one other client of the room`,
    ...(cfg.sideBySide
      ? [
          'both servers under load at the same time, each with its own clients in this one bench process ' +
            '(the bench-process rows are for both); their writers take turns within each slot, first one then the other by round',
        ]
      : []),
    ...(cfg.rounds > 1
      ? [
          `${cfg.rounds} rounds per server${cfg.sideBySide ? '' : ' in alternating order (reference, ours, ours, reference…)'}, pooled: ` +
            `CPU per delivery is the rounds' CPU over their deliveries, latencies are over every delivery`,
        ]
      : []),
    ...failures(per),
  ];
  return {
    title,
    notes,
    rows: [
      row(per, 'latency p50', 'ms', (v) => v.latency?.p50 ?? null, 'lower'),
      row(per, 'latency p90', 'ms', (v) => v.latency?.p90 ?? null, 'lower'),
      row(per, 'latency p99', 'ms', (v) => v.latency?.p99 ?? null, 'lower'),
      row(per, 'latency max', 'ms', (v) => v.latency?.max ?? null, 'lower'),
      row(per, 'deliveries per second', '/s', (v) => v.deliveriesPerSec, 'higher'),
      row(per, 'deliveries expected', '', (v) => v.expectedDeliveries),
      row(per, 'lost deliveries (after drain)', '', (v) => v.lostDeliveries, 'lower'),
      row(per, 'server CPU', '% of a core', (v) => v.serverCpuPercent, 'lower'),
      row(per, 'server CPU per delivery', 'µs', (v) => v.serverCpuUsPerDelivery, 'lower'),
      row(per, 'server RSS, clients connected, before drawing', 'MB', (v) => v.serverRssIdleBytes / MB, 'lower'),
      row(per, 'server RSS peak while drawing', 'MB', (v) => v.serverRssPeakBytes / MB, 'lower'),
      row(per, 'time to connect and sync all clients', 'ms', (v) => v.connectMs, 'lower'),
      row(per, 'bench process CPU (all clients)', '% of a core', (v) => v.loadgen.cpuPercent),
      row(per, 'bench process event-loop lag p99', 'ms', (v) => v.loadgen.loopDelayP99Ms),
      row(per, 'bench process event-loop lag max', 'ms', (v) => v.loadgen.loopDelayMaxMs),
      row(per, 'other load on the machine (CPU)', '% of a core', (v) => v.otherCpuPercent),
      row(per, 'unexpected disconnects', '', (v) => v.connectionTrouble),
    ],
  };
}

export function buildSections(cfg: BenchConfig, results: Results, board: Board | null): Section[] {
  const sections: Section[] = [];
  if (results.rooms10) sections.push(roomsSection('Rooms of 10 clients', cfg.rooms10, results.rooms10));
  if (results.rooms50) sections.push(roomsSection('Rooms of 50 clients', cfg.rooms50, results.rooms50));
  const idle = results.idle;
  if (idle) {
    sections.push({
      title: 'Idle connections',
      notes: [
        `${cfg.idle.clients} idle synced clients over ${cfg.idle.rooms} rooms (already loaded); ` +
          `RSS read ${cfg.idle.settleMs / 1000} s after the last one synced (median of 5 readings), then again after a forced full GC in the server (node --expose-gc, SIGUSR2)`,
        ...failures(idle),
      ],
      rows: [
        row(idle, 'server memory per idle connection', 'KB', (v) => v.bytesPerConnection / 1024, 'lower'),
        row(idle, 'server RSS before', 'MB', (v) => v.serverRssBeforeBytes / MB, 'lower'),
        row(idle, 'server RSS after', 'MB', (v) => v.serverRssAfterBytes / MB, 'lower'),
        row(idle, 'same, RSS after a forced GC: per connection', 'KB', (v) => v.bytesPerConnectionAfterGc / 1024, 'lower'),
        row(idle, 'RSS after a forced GC, before', 'MB', (v) => v.serverRssBeforeGcBytes / MB, 'lower'),
        row(idle, 'RSS after a forced GC, after', 'MB', (v) => v.serverRssAfterGcBytes / MB, 'lower'),
        row(idle, 'connections opened and synced per second', '/s', (v) => v.connectionsPerSec, 'higher'),
        row(idle, 'server CPU while connecting', 'ms', (v) => v.serverCpuMsForConnects, 'lower'),
        row(idle, 'other load on the machine (CPU)', '% of a core', (v) => v.otherCpuPercent),
        row(idle, 'unexpected disconnects', '', (v) => v.connectionTrouble),
      ],
    });
  }
  const big = results.bigsync;
  if (big) {
    const boardNote =
      board === null
        ? 'board not built'
        : `board of ${board.elements.toLocaleString('en-US')} strokes, ${board.points.toLocaleString('en-US')} points, ` +
          `${(board.update.length / MB).toFixed(2)} MB encoded (built in ${(board.buildMs / 1000).toFixed(1)} s), ` +
          'pushed by one provider; "synced" = provider constructed until its synced event';
    sections.push({
      title: 'Fresh client syncing a large board',
      notes: [boardNote, ...failures(big)],
      rows: [
        row(big, 'upload (provider synced, socket flushed)', 'ms', (v) => v.uploadMs, 'lower'),
        row(big, 'first fresh client: synced', 'ms', (v) => v.firstSyncedMs, 'lower'),
        row(big, 'first fresh client: all elements present', 'ms', (v) => v.rounds[0]?.completeMs ?? null, 'lower'),
        row(big, 'later fresh clients: synced, median', 'ms', (v) => v.medianSyncedMs, 'lower'),
        row(big, 'later fresh clients: server CPU per sync, median', 'ms', (v) => median(laterRounds(v).map((r) => r.serverCpuMs)), 'lower'),
        row(big, 'fresh client after everyone left: synced', 'ms', (v) => v.afterLeave?.syncedMs ?? v.afterLeaveError ?? null, 'lower'),
        row(big, 'rounds complete at synced', '', (v) => completeCount(v)),
        row(big, 'server RSS with the board loaded', 'MB', (v) => v.serverRssAfterUploadBytes / MB, 'lower'),
        row(big, 'server peak RSS (VmHWM)', 'MB', (v) => v.serverPeakRssBytes / MB, 'lower'),
        row(big, 'other load on the machine (CPU)', '% of a core', (v) => v.otherCpuPercent),
        row(big, 'unexpected disconnects', '', (v) => v.connectionTrouble),
      ],
    });
  }
  return sections;
}

/** the rounds after the first (the first still overlaps the server taking in the upload) */
function laterRounds(v: BigSyncResult): BigSyncResult['rounds'] {
  return v.rounds.length > 1 ? v.rounds.slice(1) : v.rounds;
}

function completeCount(v: BigSyncResult): string {
  const all = [...v.rounds, ...(v.afterLeave ? [v.afterLeave] : [])];
  return `${all.filter((r) => r.completeAtSynced).length}/${all.length}`;
}

/** Workloads during which other processes used a noticeable share of the machine. */
export function busyMachineWarnings(results: Results, thresholdPercent = 15): string[] {
  const warnings: string[] = [];
  const check = (name: string, per: PerServer<{ otherCpuPercent: number }> | undefined): void => {
    for (const k of ['ours', 'reference'] as const) {
      const o = per?.[k];
      if (o?.ok && o.value.otherCpuPercent > thresholdPercent) {
        warnings.push(`${name}/${k}: other processes used ${o.value.otherCpuPercent.toFixed(0)}% of a core`);
      }
    }
  };
  check('rooms10', results.rooms10);
  check('rooms50', results.rooms50);
  check('idle', results.idle);
  check('bigsync', results.bigsync);
  return warnings;
}
