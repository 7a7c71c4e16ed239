// Sizes and durations of each workload, for --quick and full runs.

export interface RoomsWorkload {
  /** rooms open at the same time */
  rooms: number;
  clientsPerRoom: number;
  /** clients per room that draw; every client (writers too) receives the others' strokes */
  writersPerRoom: number;
  /** how long each round draws */
  durationMs: number;
  /**
   * Rounds per server; a server's figures pool its rounds. Side by side, every server
   * draws at once in each round (each with its own clients), and which server's writers
   * send first in each slot alternates by round; otherwise the servers take turns in
   * alternating order (reference, ours, ours, reference, ...).
   */
  rounds: number;
  /**
   * All servers under the same load at the same time: on a shared machine whose speed
   * drifts (other guests of the host), back-to-back runs of one server moved 10-15%, more
   * than the differences measured; side by side, both servers meet the same machine.
   */
  sideBySide: boolean;
  /** stroke points appended per second by each writer */
  hz: number;
  /** a writer starts a new stroke after this many points */
  pointsPerStroke: number;
  /** how long to wait for stragglers after the last point was sent */
  drainMs: number;
}

export interface IdleWorkload {
  rooms: number;
  clients: number;
  /** clients opened at once (each batch waits until synced) */
  batch: number;
  /** wait after the last client synced before reading RSS */
  settleMs: number;
}

export interface BigSyncWorkload {
  /** encoded size of the board to build, bytes */
  targetBytes: number;
  pointsPerStroke: number;
  /** fresh clients synced one after another while the uploader stays connected */
  rounds: number;
  /** wait after every client left before the last fresh client connects */
  afterLeaveWaitMs: number;
}

export interface BenchConfig {
  mode: 'quick' | 'full';
  rooms10: RoomsWorkload;
  rooms50: RoomsWorkload;
  idle: IdleWorkload;
  bigsync: BigSyncWorkload;
  /** per client (or per batch of clients) */
  syncTimeoutMs: number;
  /** the whole run is aborted after this */
  deadlineMs: number;
}

const stroke = { hz: 30, pointsPerStroke: 90 };

export const QUICK: BenchConfig = {
  mode: 'quick',
  rooms10: { rooms: 2, clientsPerRoom: 10, writersPerRoom: 3, durationMs: 8000, rounds: 1, sideBySide: true, drainMs: 3000, ...stroke },
  rooms50: { rooms: 1, clientsPerRoom: 50, writersPerRoom: 5, durationMs: 8000, rounds: 1, sideBySide: true, drainMs: 3000, ...stroke },
  idle: { rooms: 4, clients: 300, batch: 50, settleMs: 2000 },
  bigsync: { targetBytes: 10 * 1024 * 1024, pointsPerStroke: 200, rounds: 2, afterLeaveWaitMs: 3000 },
  syncTimeoutMs: 20_000,
  deadlineMs: 4 * 60_000,
};

export const FULL: BenchConfig = {
  mode: 'full',
  rooms10: { rooms: 4, clientsPerRoom: 10, writersPerRoom: 3, durationMs: 30_000, rounds: 2, sideBySide: true, drainMs: 5000, ...stroke },
  rooms50: { rooms: 1, clientsPerRoom: 50, writersPerRoom: 5, durationMs: 30_000, rounds: 2, sideBySide: true, drainMs: 5000, ...stroke },
  idle: { rooms: 10, clients: 1000, batch: 50, settleMs: 3000 },
  bigsync: { targetBytes: 10 * 1024 * 1024, pointsPerStroke: 200, rounds: 5, afterLeaveWaitMs: 5000 },
  syncTimeoutMs: 30_000,
  deadlineMs: 15 * 60_000,
};
