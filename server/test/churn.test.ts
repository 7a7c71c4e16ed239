import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { addSticky, connectSynced } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

let running: RunningServer;

beforeAll(async () => {
  running = await startServer();
});

afterAll(async () => {
  await running.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${running.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('room lifecycle', () => {
  it('unloads every room after its last client leaves, through repeated churn', async () => {
    const rooms = await Promise.all(Array.from({ length: 8 }, () => running.createRoom()));
    for (let round = 0; round < 5; round++) {
      const clients = await Promise.all(rooms.flatMap((room) => [connectSynced(running.yjsUrl, room.id), connectSynced(running.yjsUrl, room.id)]));
      expect(running.server.rooms.openRoomCount).toBe(rooms.length);
      clients.forEach((client, i) => addSticky(client.doc, `r${round}-c${i}`, 'note'));
      await waitFor('each client got its echo', () => clients.every((c) => c.provider.synced));
      for (const client of clients) client.destroy();
      await waitFor(`round ${round}: all rooms unloaded`, () => running.server.rooms.openRoomCount === 0);
    }
    expect(await metric('board_websocket_connections')).toBe(0);
    expect(await metric('board_rooms_open')).toBe(0);
    // Nothing was lost along the way: each room has its 2 notes from each of the 5 rounds.
    const check = await connectSynced(running.yjsUrl, rooms[3]!.id);
    await waitFor('all notes of room 3', () => check.doc.getMap('elements').size === 10);
    check.destroy();
  });

  it('a client joining while the room unloads gets the full board', async () => {
    const room = await running.createRoom();
    const first = await connectSynced(running.yjsUrl, room.id);
    for (let i = 0; i < 20; i++) addSticky(first.doc, `n${i}`, 'x');
    await waitFor('first saw its echoes', () => running.server.rooms.openRoomCount === 1);
    first.destroy();
    // Join right away, racing the unload's flush.
    const second = await connectSynced(running.yjsUrl, room.id);
    await waitFor('second has all 20', () => second.doc.getMap('elements').size === 20);
    second.destroy();
  });

  it('keeps a room and its session through a reload within ROOM_UNLOAD_DELAY_MS, and unloads it once nobody came back', async () => {
    const lingering = await startServer({ ROOM_UNLOAD_DELAY_MS: '600' });
    try {
      const room = await lingering.createRoom();
      const sessions = async (): Promise<{ endedAt: string | null; autoSnapshotId: string | null }[]> =>
        (await fetch(`${lingering.httpUrl}/api/rooms/${room.id}/sessions`)).json() as Promise<{ endedAt: string | null; autoSnapshotId: string | null }[]>;
      const first = await connectSynced(lingering.yjsUrl, room.id);
      addSticky(first.doc, 'before', 'note');
      await waitFor('the echo', () => first.provider.synced && lingering.server.rooms.openRoomCount === 1);
      const loaded = [...lingering.server.rooms.openRooms()][0];
      first.destroy();
      // A reload: back within the delay, to the same room in memory and the same session.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect([...lingering.server.rooms.openRooms()][0]).toBe(loaded);
      const again = await connectSynced(lingering.yjsUrl, room.id);
      expect([...lingering.server.rooms.openRooms()][0]).toBe(loaded);
      addSticky(again.doc, 'after', 'note');
      await waitFor('the second echo', () => again.provider.synced);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(await sessions()).toMatchObject([{ endedAt: null }]);
      again.destroy();
      // Nobody comes back: the room unloads and its one session ends with one automatic snapshot.
      await waitFor('the room unloaded', () => lingering.server.rooms.openRoomCount === 0, 5_000);
      const ended = await sessions();
      expect(ended).toHaveLength(1);
      expect(ended[0]!.endedAt).not.toBeNull();
      expect(ended[0]!.autoSnapshotId).not.toBeNull();
    } finally {
      await lingering.stop();
    }
  });
});
