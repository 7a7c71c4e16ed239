import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connectSocketIo, type Socket } from 'socket.io-client';
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
