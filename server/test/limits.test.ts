import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { rawConnect, terminateRawSockets } from './helpers/rawSocket.js';
import { connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';
import { encodeUpdate } from '../src/rooms/protocol.js';

let running: RunningServer | null = null;
const clients: YClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  terminateRawSockets();
  await running?.stop();
  running = null;
});

/** Whether a socket is still open a moment after an event that might have closed it. */
async function stillOpen(socket: WebSocket): Promise<boolean> {
  await new Promise((resolve) => socket.ping(undefined, undefined, () => setImmediate(resolve)));
  return socket.readyState === WebSocket.OPEN;
}

describe('connection limits', () => {
  it('refuses connections past MAX_CONNECTIONS_PER_ADDRESS with 1013 and leaves open ones alone', async () => {
    running = await startServer({ MAX_CONNECTIONS_PER_ADDRESS: '3' });
    const { id } = await running.createRoom();
    const open = [rawConnect(`${running.yjsUrl}/${id}`), rawConnect(`${running.yjsUrl}/${id}`), rawConnect(`${running.yjsUrl}/${id}`)];
    await Promise.all(open.map((c) => c.opened));
    const refused = rawConnect(`${running.yjsUrl}/${id}`);
    expect(await refused.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'too many connections from this address' });
    for (const connection of open) expect(await stillOpen(connection.socket)).toBe(true);
    // A slot frees up when one closes.
    open[0]!.socket.close();
    await open[0]!.closed;
    const again = rawConnect(`${running.yjsUrl}/${id}`);
    await again.opened;
    expect(await stillOpen(again.socket)).toBe(true);
  });

  it('refuses connections past MAX_CONNECTIONS_PER_ROOM with 1013', async () => {
    running = await startServer({ MAX_CONNECTIONS_PER_ROOM: '2' });
    const { id } = await running.createRoom();
    const other = await running.createRoom();
    const a = await connectSynced(running.yjsUrl, id);
    const b = await connectSynced(running.yjsUrl, id);
    clients.push(a, b);
    const refused = rawConnect(`${running.yjsUrl}/${id}`);
    expect(await refused.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'room is full' });
    // Another room is not affected.
    clients.push(await connectSynced(running.yjsUrl, other.id));
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  });

  it('closes a connection that sends updates faster than MAX_UPDATES_PER_SECOND with 4429, after applying only its allowance', async () => {
    running = await startServer({ MAX_UPDATES_PER_SECOND: '20' });
    const { id } = await running.createRoom();
    const watcher = await connectSynced(running.yjsUrl, id);
    clients.push(watcher);
    const flooder = rawConnect(`${running.yjsUrl}/${id}`);
    await flooder.opened;
    // 100 updates at once from a script: each adds one entry to a list.
    const doc = new Y.Doc();
    const sent: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => sent.push(update));
    const list = doc.getArray<number>('flood');
    for (let i = 0; i < 100; i++) list.push([i]);
    for (const update of sent) flooder.socket.send(encodeUpdate(update));
    expect(await flooder.closed).toEqual({ code: CloseCode.rateLimited, reason: 'more than 20 updates per second' });
    // The burst allowance (two seconds' worth, plus what refilled while they were read) was applied
    // and relayed, in order, and nothing after it.
    await waitFor('the watcher has the allowance', () => watcher.doc.getArray('flood').length >= 40);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const applied = watcher.doc.getArray('flood').length;
    expect(applied).toBeLessThanOrEqual(42);
    expect(watcher.doc.getArray('flood').toArray()).toEqual([...Array(applied).keys()]);
    // The room goes on.
    const other = await connectSynced(running.yjsUrl, id);
    clients.push(other);
    other.doc.getMap('elements').set('after', 1);
    await waitFor('the watcher sees a later change', () => watcher.doc.getMap('elements').get('after') === 1);
  });

  it('drops a client that stops reading once its outgoing buffer passes MAX_BUFFERED_BYTES', async () => {
    running = await startServer({ MAX_BUFFERED_BYTES: '65536', MAX_MESSAGE_BYTES: '1048576' });
    const { id } = await running.createRoom();
    const writer = await connectSynced(running.yjsUrl, id);
    const reader = await connectSynced(running.yjsUrl, id);
    clients.push(writer, reader);
    const stalled = rawConnect(`${running.yjsUrl}/${id}`);
    await stalled.opened;
    await waitFor('three connections in the room', () => roomConnections(running) === 3);
    // Stop reading from the TCP socket: the server's writes pile up.
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // 20 MB in 200 KB updates: more than the kernel's socket buffers can absorb. Binary chunks in
    // an array, as Yjs copies nothing when it appends them (a growing Y.Text would re-copy its string).
    const blobs = new Y.Array<Uint8Array>();
    writer.doc.getMap('elements').set('big', blobs);
    for (let i = 0; i < 100; i++) blobs.push([new Uint8Array(200_000).fill(i)]);
    await waitFor('stalled client dropped', () => roomConnections(running) === 2, 20_000);
    // The room goes on for everyone else.
    await waitFor('reader has all 20 MB', () => (reader.doc.getMap('elements').get('big') as Y.Array<Uint8Array> | undefined)?.length === 100, 20_000);
    expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
  });
});

function roomConnections(server: RunningServer | null): number {
  const registry = server?.server.rooms;
  if (!registry) return -1;
  let total = 0;
  for (const room of registry.openRooms()) total += room.connectionCount;
  return total;
}
