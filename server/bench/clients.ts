// Stock y-websocket clients (WebsocketProvider over `ws`), run inside the bench process.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WS from 'ws';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  room: string;
}

/** Connection trouble seen by the clients of one workload run. */
export interface ConnectionLog {
  /** connections closed while the client still wanted to be connected */
  unexpectedCloses: number;
  /** close code (and reason) -> count */
  closeCodes: Map<string, number>;
  /** 'connection-error' events */
  errors: number;
}

export function newConnectionLog(): ConnectionLog {
  return { unexpectedCloses: 0, closeCodes: new Map(), errors: 0 };
}

export function describeConnectionLog(log: ConnectionLog): string {
  if (log.unexpectedCloses === 0 && log.errors === 0) return 'none';
  const codes = [...log.closeCodes].map(([k, n]) => `${k} x${n}`).join(', ');
  return `${log.unexpectedCloses} closes (${codes || 'no code'}), ${log.errors} errors`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function openClient(serverUrl: string, room: string, log: ConnectionLog, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    // providers in one process would otherwise exchange updates through lib0's
    // BroadcastChannel and bypass the server
    disableBc: true,
  });
  provider.on('connection-close', (event) => {
    // event is null when we closed it ourselves
    if (event === null || !provider.shouldConnect) return;
    log.unexpectedCloses++;
    const key = `${event.code}${event.reason ? ` "${event.reason}"` : ''}`;
    log.closeCodes.set(key, (log.closeCodes.get(key) ?? 0) + 1);
  });
  provider.on('connection-error', () => {
    log.errors++;
  });
  return { doc, provider, room };
}

/** Resolves with the time (performance.now()) the provider reported `synced`. */
export function whenSynced(client: Client, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (client.provider.synced) {
      resolve(performance.now());
      return;
    }
    const onSync = (synced: boolean): void => {
      if (!synced) return;
      const t = performance.now();
      clearTimeout(timer);
      client.provider.off('sync', onSync);
      resolve(t);
    };
    const timer = setTimeout(() => {
      client.provider.off('sync', onSync);
      reject(new Error(`client in room ${client.room.slice(0, 12)}… not synced after ${timeoutMs} ms`));
    }, timeoutMs);
    client.provider.on('sync', onSync);
  });
}

/**
 * Opens `count` clients spread round-robin over `rooms`, `batch` at a time, each batch
 * waiting until its clients are synced. Throws if a batch does not sync in time.
 */
export async function openClients(
  serverUrl: string,
  rooms: string[],
  count: number,
  log: ConnectionLog,
  opts: { batch: number; syncTimeoutMs: number; onOpen?: (c: Client) => void },
): Promise<Client[]> {
  const clients: Client[] = [];
  try {
    for (let i = 0; i < count; i += opts.batch) {
      const batch: Client[] = [];
      for (let j = i; j < Math.min(count, i + opts.batch); j++) {
        const room = rooms[j % rooms.length];
        if (room === undefined) throw new Error('no rooms');
        const c = openClient(serverUrl, room, log);
        opts.onOpen?.(c);
        batch.push(c);
        clients.push(c);
      }
      await Promise.all(batch.map((c) => whenSynced(c, opts.syncTimeoutMs)));
    }
  } catch (err) {
    await closeClients(clients);
    throw err;
  }
  return clients;
}

/** Destroys the providers and waits (bounded) until their sockets are closed. */
const closed = new WeakSet<Client>();

export async function closeClients(clients: Client[], timeoutMs = 5000): Promise<void> {
  const sockets: WS[] = [];
  for (const c of clients) {
    if (closed.has(c)) continue;
    closed.add(c);
    const ws = c.provider.ws as unknown as WS | null;
    if (ws !== null) sockets.push(ws);
    c.provider.destroy();
    c.doc.destroy();
  }
  const deadline = Date.now() + timeoutMs;
  while (sockets.some((s) => s.readyState !== WS.CLOSED) && Date.now() < deadline) await sleep(50);
  for (const s of sockets) if (s.readyState !== WS.CLOSED) s.terminate();
}
