// Time for a fresh client to sync a large board: build a ~10 MB document of strokes, push it
// to the server through one provider, then time new providers until `synced`.
import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import type { BigSyncWorkload } from '../config.js';
import type { RunningServer } from '../servers.js';
import {
  closeClients,
  describeConnectionLog,
  newConnectionLog,
  openClient,
  whenSynced,
  type Client,
  type ConnectionLog,
} from '../clients.js';
import { MachineMonitor, steadyRss } from '../stats.js';
import { median } from '../support/index.js';

export interface Board {
  update: Uint8Array;
  elements: number;
  points: number;
  buildMs: number;
}

export interface FreshSync {
  /** provider constructed -> `synced` */
  syncedMs: number;
  /** provider constructed -> every element of the board present */
  completeMs: number;
  completeAtSynced: boolean;
  serverCpuMs: number;
}

export interface BigSyncResult {
  boardBytes: number;
  elements: number;
  /** uploader constructed -> synced and its socket buffer flushed */
  uploadMs: number;
  /** fresh clients while the uploader is still connected (room loaded) */
  rounds: FreshSync[];
  firstSyncedMs: number;
  /** median over the rounds after the first (the first when there is only one) */
  medianSyncedMs: number;
  medianCompleteMs: number;
  /** one fresh client after every other client had left and `afterLeaveWaitMs` passed */
  afterLeave: FreshSync | null;
  afterLeaveError: string | null;
  serverRssAfterUploadBytes: number;
  serverPeakRssBytes: number;
  /** CPU of every other process on the machine during this workload, % of one core */
  otherCpuPercent: number;
  connectionTrouble: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function addStrokes(doc: Y.Doc, from: number, count: number, pointsPerStroke: number): void {
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  doc.transact(() => {
    for (let s = from; s < from + count; s++) {
      const el = new Y.Map<unknown>();
      el.set('type', 'stroke');
      el.set('x', Math.round(Math.random() * 20000));
      el.set('y', Math.round(Math.random() * 20000));
      el.set('stroke', '#1e1e1e');
      el.set('strokeWidth', 3);
      el.set('z', `a${s.toString(36)}`);
      const flat: number[] = [];
      let x = 0;
      let y = 0;
      for (let i = 0; i < pointsPerStroke; i++) {
        x += Math.round(Math.random() * 8 - 2);
        y += Math.round(Math.random() * 8 - 4);
        flat.push(x, y);
      }
      const pts = new Y.Array<number>();
      pts.push(flat);
      el.set('points', pts);
      elements.set(randomBytes(16).toString('base64url'), el);
    }
  });
}

/** Builds a board of strokes whose encoded state is at least `targetBytes`. */
export function buildBoard(cfg: BigSyncWorkload): Board {
  const t0 = performance.now();
  const doc = new Y.Doc();
  const probe = 500;
  addStrokes(doc, 0, probe, cfg.pointsPerStroke);
  let count = probe;
  let size = Y.encodeStateAsUpdate(doc).length;
  // extrapolate, then top up until large enough (bounded)
  for (let attempt = 0; size < cfg.targetBytes && attempt < 10; attempt++) {
    const perStroke = size / count;
    const more = Math.max(10, Math.ceil((cfg.targetBytes - size) / perStroke));
    addStrokes(doc, count, more, cfg.pointsPerStroke);
    count += more;
    size = Y.encodeStateAsUpdate(doc).length;
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { update, elements: count, points: count * cfg.pointsPerStroke, buildMs: performance.now() - t0 };
}

async function freshSync(
  server: RunningServer,
  room: string,
  expected: number,
  log: ConnectionLog,
  timeoutMs: number,
): Promise<FreshSync> {
  const cpu0 = server.stats().cpuMs;
  const doc = new Y.Doc();
  const elements = doc.getMap('elements');
  let completeAt = 0;
  const complete = new Promise<void>((resolve) => {
    const check = (): void => {
      if (completeAt === 0 && elements.size >= expected) {
        completeAt = performance.now();
        elements.unobserve(check);
        resolve();
      }
    };
    elements.observe(check);
  });
  const t0 = performance.now();
  const client: Client = openClient(server.wsUrl, room, log, doc);
  try {
    const syncedAt = await whenSynced(client, timeoutMs);
    const completeAtSynced = elements.size >= expected;
    if (!completeAtSynced) {
      const timedOut = await Promise.race([complete.then(() => false), sleep(timeoutMs).then(() => true)]);
      if (timedOut) {
        throw new Error(`fresh client has ${elements.size}/${expected} elements ${timeoutMs} ms after synced`);
      }
    }
    return {
      syncedMs: syncedAt - t0,
      completeMs: (completeAtSynced ? syncedAt : completeAt) - t0,
      completeAtSynced,
      serverCpuMs: server.stats().cpuMs - cpu0,
    };
  } finally {
    await closeClients([client]);
  }
}

export async function runBigSync(
  server: RunningServer,
  cfg: BigSyncWorkload,
  board: Board,
  syncTimeoutMs: number,
): Promise<BigSyncResult> {
  const log = newConnectionLog();
  const room = await server.createRoom();
  const uploaderDoc = new Y.Doc();
  Y.applyUpdate(uploaderDoc, board.update);
  const machine = new MachineMonitor();
  machine.start();
  const t0 = performance.now();
  const uploader = openClient(server.wsUrl, room, log, uploaderDoc);
  try {
    await whenSynced(uploader, syncTimeoutMs);
    const deadline = performance.now() + syncTimeoutMs;
    while ((uploader.provider.ws?.bufferedAmount ?? 0) > 0 && performance.now() < deadline) await sleep(5);
    const uploadMs = performance.now() - t0;

    const rounds: FreshSync[] = [];
    for (let i = 0; i < cfg.rounds; i++) {
      rounds.push(await freshSync(server, room, board.elements, log, syncTimeoutMs));
    }
    const serverRssAfterUploadBytes = await steadyRss(server, 3);
    await closeClients([uploader]);

    let afterLeave: FreshSync | null = null;
    let afterLeaveError: string | null = null;
    await sleep(cfg.afterLeaveWaitMs);
    try {
      afterLeave = await freshSync(server, room, board.elements, log, syncTimeoutMs);
    } catch (err) {
      afterLeaveError = err instanceof Error ? err.message : String(err);
    }
    if (server.exitInfo() !== null) throw new Error(`server ${server.exitInfo() ?? ''}`);
    const otherCpuPercent = machine.stop();
    const later = rounds.length > 1 ? rounds.slice(1) : rounds;
    return {
      boardBytes: board.update.length,
      elements: board.elements,
      uploadMs,
      rounds,
      firstSyncedMs: rounds[0]?.syncedMs ?? NaN,
      medianSyncedMs: median(later.map((r) => r.syncedMs)),
      medianCompleteMs: median(later.map((r) => r.completeMs)),
      afterLeave,
      afterLeaveError,
      serverRssAfterUploadBytes,
      serverPeakRssBytes: server.stats().hwmBytes,
      otherCpuPercent,
      connectionTrouble: describeConnectionLog(log),
    };
  } finally {
    await closeClients([uploader]);
  }
}
