import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Participant, SessionClientEvents, SessionServerEvents } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

type SessionSocket = Socket<SessionServerEvents, SessionClientEvents>;

let running: RunningServer;
const sockets: SessionSocket[] = [];
const clients: YClient[] = [];

beforeEach(async () => {
  running = await startServer();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const close of rawSockets.splice(0)) close();
  for (const client of clients.splice(0)) client.destroy();
  await running.stop();
});

interface Joined {
  socket: SessionSocket;
  roster: Participant[];
}

/** Joins the session channel and keeps a live roster from the server's events. */
function join(roomId: string, name: string, transports: ('websocket' | 'polling')[] = ['websocket']): Joined {
  const socket: SessionSocket = connectSocketIo(running.httpUrl, {
    path: '/socket.io/',
    transports,
    auth: { roomId, name },
    reconnection: false,
  });
  sockets.push(socket);
  const joined: Joined = { socket, roster: [] };
  socket.on('roster', (participants) => (joined.roster = participants));
  socket.on('participant:joined', (p) => (joined.roster = [...joined.roster.filter((q) => q.id !== p.id), p]));
  socket.on('participant:left', ({ id }) => (joined.roster = joined.roster.filter((p) => p.id !== id)));
  return joined;
}

const names = (joined: Joined): string[] => joined.roster.map((p) => p.name).sort();

/** Replaces the default server with one started with `env`. */
async function restartWith(env: Record<string, string>): Promise<void> {
  await running.stop();
  running = await startServer(env);
}

type Outcome = { connected: true } | { connected: false; message: string; code: unknown };

/** Opens a session and resolves with how the handshake ended. */
function attempt(roomId: string, headers: Record<string, string> = {}, transports: ('websocket' | 'polling')[] = ['websocket']): Promise<Outcome> {
  const socket: SessionSocket = connectSocketIo(running.httpUrl, {
    path: '/socket.io/',
    transports,
    auth: { roomId, name: 'X' },
    extraHeaders: headers,
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ connected: true }));
    socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) =>
      resolve({ connected: false, message: error.message, code: error.data?.code }),
    );
  });
}

const TOO_MANY = { connected: false, message: 'too many connections from this address', code: 'too_many_connections' };
/**
 * One engine.io connection (EIO 4, WebSocket transport) on which the test
 * writes socket.io packets by hand: unlike the stock client, it keeps the
 * connection open after a refused session and can try again on it.
 */
async function rawSessionConnection(): Promise<{ connect(auth: Record<string, unknown>): Promise<string>; close(): void }> {
  const socket = new WebSocket(`${running.httpUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const waiting: ((packet: string) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const packet = data.toString();
    // Engine.io "message" packets (4...) carry socket.io packets; pings and the open packet are not awaited.
    if (packet.startsWith('4')) waiting.shift()?.(packet.slice(1));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const close = (): void => socket.terminate();
  rawSockets.push(close);
  return {
    /** Sends a CONNECT to the main namespace; resolves with the server's answer (`0{sid}` or `4{error}`). */
    connect(auth) {
      const answer = new Promise<string>((resolve) => waiting.push(resolve));
      socket.send(`40${JSON.stringify(auth)}`);
      return answer;
    },
    close,
  };
}
const rawSockets: (() => void)[] = [];

/** Sessions the server holds in its one namespace. */
const serverSessions = (): number => running.server.io.of('/').sockets.size;

describe('session channel (socket.io)', () => {
  it('keeps a roster with roles as people join and leave', async () => {
    const { id, viewId } = await running.createRoom();
    const ada = join(id, 'Ada');
    await waitFor('Ada sees herself', () => names(ada).join() === 'Ada');
    const bob = join(viewId, 'Bob');
    await waitFor('both see both', () => names(ada).join() === 'Ada,Bob' && names(bob).join() === 'Ada,Bob');
    expect(ada.roster.find((p) => p.name === 'Bob')?.role).toBe('viewer');
    expect(bob.roster.find((p) => p.name === 'Ada')?.role).toBe('editor');
    bob.socket.disconnect();
    await waitFor('Ada sees Bob leave', () => names(ada).join() === 'Ada');
  });

  it('works over long-polling too, on the same port as the Yjs WebSocket', async () => {
    const { id } = await running.createRoom();
    const yjs = await connectSynced(running.yjsUrl, id);
    clients.push(yjs);
    const polling = join(id, 'Polly', ['polling']);
    const ws = join(id, 'Wes', ['websocket']);
    await waitFor('both transports joined', () => names(polling).join() === 'Polly,Wes' && names(ws).join() === 'Polly,Wes');
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    expect(ws.socket.io.engine.transport.name).toBe('websocket');
    // The Yjs socket was not disturbed by socket.io's upgrades.
    expect(yjs.provider.wsconnected).toBe(true);
  });

  it('refuses unknown and malformed room ids', async () => {
    const errors: string[] = [];
    for (const roomId of ['nope', 'A'.repeat(32)]) {
      const socket: SessionSocket = connectSocketIo(running.httpUrl, {
        path: '/socket.io/',
        transports: ['websocket'],
        auth: { roomId, name: 'X' },
        reconnection: false,
      });
      sockets.push(socket);
      socket.on('connect_error', (error) => errors.push(error.message));
    }
    await waitFor('both refused', () => errors.length === 2);
    expect(errors.sort()).toEqual(['invalid room id', 'unknown room']);
  });

  it('broadcasts renames and colour changes; a colour-only change keeps the current name', async () => {
    const { id } = await running.createRoom();
    const ada = join(id, 'Ada');
    const bob = join(id, 'Bob');
    await waitFor('both joined', () => names(bob).join() === 'Ada,Bob');
    ada.socket.emit('participant:update', { name: 'Ada L.' });
    await waitFor('Bob sees the rename', () => names(bob).join() === 'Ada L.,Bob');
    ada.socket.emit('participant:update', { color: '#2f9e44' });
    await waitFor('Bob sees the new colour', () => bob.roster.find((p) => p.name === 'Ada L.')?.color === '#2f9e44');
    expect(names(bob)).toEqual(['Ada L.', 'Bob']);
  });

  it('cleans display names', async () => {
    const { id } = await running.createRoom();
    const blank = join(id, '   ');
    await waitFor('roster received', () => blank.roster.length === 1);
    expect(blank.roster[0]?.name).toBe('Guest');
  });
});

describe('sessions per client address', () => {
  it('refuses sessions past MAX_CONNECTIONS_PER_ADDRESS, counted apart from /yjs sockets, and frees a slot on disconnect', async () => {
    await restartWith({ MAX_CONNECTIONS_PER_ADDRESS: '2' });
    const { id } = await running.createRoom();
    // Two /yjs sockets use up the address's WebSocket budget; sessions have their own.
    clients.push(await connectSynced(running.yjsUrl, id), await connectSynced(running.yjsUrl, id));
    expect(await attempt(id)).toEqual({ connected: true });
    expect(await attempt(id, {}, ['polling'])).toEqual({ connected: true });
    expect(await attempt(id)).toEqual(TOO_MANY);
    expect(await attempt(id, {}, ['polling'])).toEqual(TOO_MANY);
    // The refusals left the open sessions alone.
    expect(sockets.filter((socket) => socket.connected)).toHaveLength(2);

    sockets[0]!.disconnect();
    await waitFor('the server saw the disconnect', () => serverSessions() === 1);
    expect(await attempt(id)).toEqual({ connected: true });
    expect(await attempt(id)).toEqual(TOO_MANY);
  });

  it('gives the slot back when the session is refused later in the handshake', async () => {
    await restartWith({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const { id } = await running.createRoom();
    expect(await attempt('A'.repeat(32))).toEqual({ connected: false, message: 'unknown room', code: 'unknown_room' });
    expect(await attempt('nope')).toEqual({ connected: false, message: 'invalid room id', code: 'invalid_room_id' });
    expect(await attempt(id)).toEqual({ connected: true });
  });

  it('gives the slot back on a refusal even while the connection stays open, so retries on it are not refused', async () => {
    await restartWith({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const { id } = await running.createRoom();
    const raw = await rawSessionConnection();
    for (let i = 0; i < 3; i++) {
      expect(JSON.parse((await raw.connect({ roomId: 'A'.repeat(32) })).slice(1))).toEqual({
        message: 'unknown room',
        data: { code: 'unknown_room' },
      });
    }
    expect(await raw.connect({ roomId: id, name: 'Raw' })).toMatch(/^0\{"sid":/);
    expect(await attempt(id)).toEqual(TOO_MANY);
  });

  it('gives the slot back when the client leaves before its handshake completes', async () => {
    await restartWith({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const { id } = await running.createRoom();
    // Holds the room lookup until the client has gone.
    const store = running.server.store;
    const lookup = store.findRoomByAccessId.bind(store);
    let openGate = (): void => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let lookups = 0;
    store.findRoomByAccessId = async (accessId) => {
      lookups += 1;
      await gate;
      return lookup(accessId);
    };
    const leaving: SessionSocket = connectSocketIo(running.httpUrl, {
      path: '/socket.io/',
      transports: ['websocket'],
      auth: { roomId: id, name: 'Gone' },
      reconnection: false,
    });
    sockets.push(leaving);
    await waitFor('the server is looking the room up', () => lookups === 1);
    leaving.disconnect();
    await waitFor('the server saw the connection close', () => running.server.io.engine.clientsCount === 0);
    openGate();
    expect(await attempt(id)).toEqual({ connected: true });
    expect(leaving.connected).toBe(false);
  });

  it('behind a proxy (TRUST_PROXY) counts the forwarded address, as /yjs does', async () => {
    await restartWith({ MAX_CONNECTIONS_PER_ADDRESS: '1', TRUST_PROXY: '1' });
    const { id } = await running.createRoom();
    expect(await attempt(id, { 'x-forwarded-for': '203.0.113.1' })).toEqual({ connected: true });
    expect(await attempt(id, { 'x-forwarded-for': '203.0.113.2, 10.0.0.1' })).toEqual({ connected: true });
    expect(await attempt(id, { 'x-forwarded-for': '203.0.113.1' })).toEqual(TOO_MANY);
  });
});
