// Server memory per idle connection: many synced clients that do nothing, spread over a
// few rooms that were already loaded (one anchor client each) before the first reading.
import type { IdleWorkload } from '../config.js';
import type { RunningServer } from '../servers.js';
import { closeClients, describeConnectionLog, newConnectionLog, openClients, type Client } from '../clients.js';
import { MachineMonitor, rssAfterGc, steadyRss } from '../stats.js';

export interface IdleResult {
  rooms: number;
  clients: number;
  connectMs: number;
  connectionsPerSec: number;
  serverRssBeforeBytes: number;
  serverRssAfterBytes: number;
  /** (after - before) / clients, RSS read as it is */
  bytesPerConnection: number;
  serverRssBeforeGcBytes: number;
  serverRssAfterGcBytes: number;
  /** (after - before) / clients, RSS read after a forced full GC in the server */
  bytesPerConnectionAfterGc: number;
  serverCpuMsForConnects: number;
  /** CPU of every other process on the machine while connecting and settling, % of one core */
  otherCpuPercent: number;
  connectionTrouble: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runIdle(server: RunningServer, cfg: IdleWorkload, syncTimeoutMs: number): Promise<IdleResult> {
  const log = newConnectionLog();
  const rooms: string[] = [];
  for (let r = 0; r < cfg.rooms; r++) rooms.push(await server.createRoom());
  const opened: Client[] = [];
  const track = { batch: cfg.batch, syncTimeoutMs, onOpen: (c: Client) => opened.push(c) };
  try {
    await openClients(server.wsUrl, rooms, rooms.length, log, track);
    await sleep(1000);
    const before = await steadyRss(server);
    const beforeGc = await rssAfterGc(server);
    const machine = new MachineMonitor();
    machine.start();
    const cpu0 = server.stats().cpuMs;
    const t0 = performance.now();
    await openClients(server.wsUrl, rooms, cfg.clients, log, track);
    const connectMs = performance.now() - t0;
    const cpu1 = server.stats().cpuMs;
    await sleep(cfg.settleMs);
    if (server.exitInfo() !== null) throw new Error(`server ${server.exitInfo() ?? ''}`);
    const after = await steadyRss(server);
    const afterGc = await rssAfterGc(server);
    const otherCpuPercent = machine.stop();
    return {
      rooms: cfg.rooms,
      clients: cfg.clients,
      connectMs,
      connectionsPerSec: cfg.clients / (connectMs / 1000),
      serverRssBeforeBytes: before,
      serverRssAfterBytes: after,
      bytesPerConnection: (after - before) / cfg.clients,
      serverRssBeforeGcBytes: beforeGc,
      serverRssAfterGcBytes: afterGc,
      bytesPerConnectionAfterGc: (afterGc - beforeGc) / cfg.clients,
      serverCpuMsForConnects: cpu1 - cpu0,
      otherCpuPercent,
      connectionTrouble: describeConnectionLog(log),
    };
  } finally {
    await closeClients(opened);
  }
}
