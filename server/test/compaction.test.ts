import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pino } from 'pino';
import { SqliteStore } from '../src/store/SqliteStore.js';
import { Room } from '../src/rooms/Room.js';
import { createRoom } from '../src/rooms/createRoom.js';
import { loadConfig, type CompactionSettings } from '../src/config.js';
import { checkpointDue } from '../src/rooms/checkpointPolicy.js';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { addSticky, canonicalState, connectClient, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

/**
 * Compaction keeps load time flat: checkpoints bound the log tail a room reads
 * at load, however long the board's history is.
 */

const silent = pino({ level: 'silent' });

/** Everything a test opened, closed again after it. */
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempStore(): SqliteStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-compaction-'));
  const store = new SqliteStore({ filename: path.join(dir, 'board.sqlite') });
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

function compactionFrom(env: Record<string, string>): CompactionSettings {
  return loadConfig(env).compaction;
}

async function loadRoom(store: SqliteStore, roomId: string, compaction: CompactionSettings): Promise<Room> {
  const room = await Room.load({
    roomId,
    store,
    limits: loadConfig({}).limits,
    compaction,
    logger: silent,
    onFatal: () => {
      throw new Error(`room ${roomId} failed`);
    },
  });
  cleanups.push(() => room.destroy());
  return room;
}

/**
 * A client drawing and typing: every update is one stroke point appended, or
 * one keystroke in a sticky note, as the client sends them while someone works.
 * A new element starts every 200 updates, alternating strokes and stickies.
 */
function boardHistory(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  let points: Y.Array<number> | null = null;
  let text: Y.Text | null = null;
  for (let i = 0; i < count; i++) {
    if (i % 200 === 0) {
      const element = new Y.Map<unknown>();
      const isSticky = (i / 200) % 2 === 1;
      doc.transact(() => {
        element.set('type', isSticky ? 'sticky' : 'stroke');
        element.set('x', (i / 200) * 37);
        element.set('y', (i / 200) * 11);
        element.set('z', `a${i}`);
        if (isSticky) {
          text = new Y.Text();
          points = null;
          element.set('text', text);
        } else {
          points = new Y.Array<number>();
          text = null;
          element.set('points', points);
        }
        elements.set(`el-${i}`, element);
      });
    } else if (text) {
      // Typing, with the odd backspace.
      const t: Y.Text = text;
      if (i % 13 === 0 && t.length > 0) t.delete(t.length - 1, 1);
      else t.insert(t.length, String.fromCharCode(97 + (i % 26)));
    } else if (points) {
      const p: Y.Array<number> = points;
      p.push([(i * 7) % 1920, (i * 3) % 1080, 0.5]);
    }
  }
  return { updates, doc };
}

/** Appends updates the way a busy room does: many per event-loop turn, one commit each turn. */
async function appendInBatches(store: SqliteStore, roomId: string, updates: Uint8Array[], batch = 1000): Promise<void> {
  for (let i = 0; i < updates.length; i += batch) {
    await Promise.all(updates.slice(i, i + batch).map((update) => store.appendUpdate(roomId, update)));
  }
}

/** Feeds updates through a room (apply, append, relay, automatic checkpoints) in turns of `batch`. */
async function commitThroughRoom(room: Room, updates: Uint8Array[], batch = 100): Promise<void> {
  for (let i = 0; i < updates.length; i += batch) {
    await Promise.all(updates.slice(i, i + batch).map((update) => room.applyServerUpdate(update)));
  }
}

/**
 * Median wall time of `rounds` loads of each room from storage (Room.load: read
 * the checkpoint and tail, apply them), taking the rooms in turn each round so
 * background noise falls on all of them alike. Also returns the last room loaded for each.
 */
async function timeLoads<K extends string>(
  store: SqliteStore,
  roomIds: Record<K, string>,
  compaction: CompactionSettings,
  rounds: number,
): Promise<Record<K, { ms: number; room: Room }>> {
  const names = Object.keys(roomIds) as K[];
  const times = new Map<K, number[]>(names.map((name) => [name, []]));
  const rooms = new Map<K, Room>();
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      rooms.get(name)?.destroy();
      const started = performance.now();
      rooms.set(name, await loadRoom(store, roomIds[name], compaction));
      times.get(name)!.push(performance.now() - started);
    }
  }
  const result = {} as Record<K, { ms: number; room: Room }>;
  for (const name of names) {
    const samples = times.get(name)!.sort((a, b) => a - b);
    result[name] = { ms: samples[Math.floor(samples.length / 2)]!, room: rooms.get(name)! };
  }
  return result;
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
  expect(canonicalState(actual)).toBe(canonicalState(expected));
}

describe('compaction keeps load time flat', () => {
  it('a 100,000-update board loads from a checkpoint to the same state as from its raw log', async () => {
    const UPDATES = 100_000;
    const defaults = compactionFrom({});
    const store = tempStore();
    const { updates, doc: writer } = boardHistory(UPDATES);
    cleanups.push(() => writer.destroy());

    // 1. The raw log: every update straight into the store, no checkpoint at all.
    const { room: raw } = await createRoom(store, { title: 'Long session' });
    await appendInBatches(store, raw.roomId, updates);
    const rawStored = await store.loadDocument(raw.roomId);
    expect(rawStored.checkpoint).toBeNull();
    expect(rawStored.updates).toHaveLength(UPDATES + 1);
    const { raw: rawLoad } = await timeLoads(store, { raw: raw.roomId }, defaults, 3);
    expect(canonicalState(rawLoad.room.doc)).toContain('Long session');
    expect(rawLoad.room.doc.getMap('elements').toJSON()).toEqual(writer.getMap('elements').toJSON());

    // 2. The same history as a room writes it: checkpoints every `checkpointEveryUpdates`.
    const { room: live } = await createRoom(store, { title: 'Long session' });
    const writing = await loadRoom(store, live.roomId, defaults);
    await commitThroughRoom(writing, updates);
    // At rest the tail is below the threshold: reaching it triggers the next checkpoint.
    const liveStored = await waitFor('the automatic checkpoint to catch up', async () => {
      const current = await store.loadDocument(live.roomId);
      return current.updates.length < defaults.checkpointEveryUpdates ? current : null;
    });
    expect(liveStored.checkpoint).not.toBeNull();
    expect(liveStored.updates.length).toBeLessThanOrEqual(defaults.checkpointEveryUpdates);

    // 3. The raw log compacted: one checkpoint covering all of it.
    await rawLoad.room.checkpoint();
    const compactedStored = await store.loadDocument(raw.roomId);
    expect(compactedStored.checkpointSeq).toBe(rawStored.lastSeq);
    expect(compactedStored.updates).toHaveLength(0);
    const { live: liveLoad, compacted: compactedLoad } = await timeLoads(
      store,
      { live: live.roomId, compacted: raw.roomId },
      defaults,
      5,
    );

    console.log(
      `[compaction] ${UPDATES}-update log: load ${rawLoad.ms.toFixed(1)} ms (raw log, ${rawStored.updates.length} entries); ` +
        `written through a room: ${liveLoad.ms.toFixed(1)} ms (checkpoint + ${liveStored.updates.length}-entry tail); ` +
        `compacted: ${compactedLoad.ms.toFixed(1)} ms (checkpoint ${compactedStored.checkpoint!.byteLength} bytes, no tail)`,
    );

    // Same document whichever way it was stored.
    expectSameDocument(compactedLoad.room.doc, rawLoad.room.doc);
    expectSameDocument(liveLoad.room.doc, writing.doc);
    expect(liveLoad.room.doc.getMap('elements').toJSON()).toEqual(writer.getMap('elements').toJSON());
    // The log is history: compaction did not drop it.
    expect((await store.storedSize(raw.roomId)).logEntries).toBe(UPDATES + 1);
  }, 60_000);

  it('a room checkpoints by itself every CHECKPOINT_EVERY_UPDATES updates, so the tail stays bounded', async () => {
    const compaction = compactionFrom({ CHECKPOINT_EVERY_UPDATES: '500' });
    expect(compaction.checkpointEveryUpdates).toBe(500);
    const store = tempStore();
    const { updates, doc: writer } = boardHistory(5_000);
    cleanups.push(() => writer.destroy());
    const { room: record } = await createRoom(store, { title: 'Growing' });
    const room = await loadRoom(store, record.roomId, compaction);

    const tails: number[] = [];
    const loadTimes: string[] = [];
    let lastCheckpointSeq = 0;
    for (let done = 0; done < updates.length; done += 1000) {
      // Clients send small batches; the room commits each batch as it comes.
      await commitThroughRoom(room, updates.slice(done, done + 1000), 25);
      const stored = await waitFor('the automatic checkpoint to catch up', async () => {
        const current = await store.loadDocument(record.roomId);
        // At rest the tail is below the threshold: reaching it triggers the next checkpoint.
        return current.updates.length < compaction.checkpointEveryUpdates ? current : null;
      });
      // Nobody called checkpoint(): the room wrote newer checkpoints on its own.
      expect(stored.checkpointSeq).toBeGreaterThan(lastCheckpointSeq);
      lastCheckpointSeq = stored.checkpointSeq;
      tails.push(stored.updates.length);
      const started = performance.now();
      const loaded = await loadRoom(store, record.roomId, compaction);
      loadTimes.push(`${done + 1000}: ${(performance.now() - started).toFixed(1)} ms`);
      expect(loaded.doc.getMap('elements').size).toBe(room.doc.getMap('elements').size);
      loaded.destroy();
    }
    console.log(`[compaction] CHECKPOINT_EVERY_UPDATES=500, load time by history length: ${loadTimes.join(', ')}; tails ${tails.join(', ')}`);

    const final = await store.loadDocument(record.roomId);
    expect(final.updates.length).toBeLessThanOrEqual(500);
    for (const tail of tails) expect(tail).toBeLessThanOrEqual(500);
    // Only the newest checkpoint is kept, and it plus its tail is the whole board.
    const size = await store.storedSize(record.roomId);
    expect(size.checkpointBytes).toBe(final.checkpoint!.byteLength);
    expect(size.logEntries).toBe(5_000 + 1);
    const reloaded = await loadRoom(store, record.roomId, compaction);
    expectSameDocument(reloaded.doc, room.doc);
    expect(reloaded.doc.getMap('elements').toJSON()).toEqual(writer.getMap('elements').toJSON());
  });

  describe('through a running server', () => {
    let running: RunningServer | undefined;
    const clients: YClient[] = [];

    afterEach(async () => {
      for (const client of clients.splice(0)) client.destroy();
      await running?.stop();
      running = undefined;
    });

    it('a room writes a checkpoint when its last client leaves, so the next load reads no tail', async () => {
      running = await startServer();
      const server = running.server;
      const { id } = await running.createRoom('Retro');
      const access = await server.store.findRoomByAccessId(id);
      expect(access).toBeDefined();
      const roomId = access!.room.roomId;

      const a = await connectSynced(running.yjsUrl, id);
      clients.push(a);
      const b = await connectSynced(running.yjsUrl, id);
      clients.push(b);
      for (let i = 0; i < 20; i++) addSticky(i % 2 ? a.doc : b.doc, `note-${i}`, `idea ${i}`, i * 30, 0);
      await waitFor('both clients and the server to hold all 20 notes', () =>
        [a.doc, b.doc, server.rooms.peek(roomId)?.doc].every((doc) => doc?.getMap('elements').size === 20),
      );
      const expected = canonicalState(a.doc);
      // Far below CHECKPOINT_EVERY_UPDATES: no automatic checkpoint yet, everything is tail.
      const before = await server.store.loadDocument(roomId);
      expect(before.checkpoint).toBeNull();
      expect(before.updates.length).toBeGreaterThanOrEqual(21);

      // One client leaving keeps the room open and unchanged in storage.
      a.destroy();
      await waitFor('the server to see the first client leave', () => server.rooms.peek(roomId)?.connectionCount === 1);
      expect((await server.store.loadDocument(roomId)).checkpoint).toBeNull();

      // The last one leaving unloads the room, after a checkpoint.
      b.destroy();
      await waitFor('the room to unload', () => server.rooms.peek(roomId) === undefined);
      const after = await server.store.loadDocument(roomId);
      expect(after.checkpoint).not.toBeNull();
      expect(after.checkpointSeq).toBe(before.lastSeq);
      expect(after.updates).toEqual([]);
      expect(await server.store.getRoom(roomId)).toMatchObject({ title: 'Retro', elementCount: 20 });

      // The next client gets the whole board from the checkpoint alone.
      const c = connectClient(running.yjsUrl, id);
      clients.push(c);
      await waitFor('a new client to get all 20 notes', () => c.provider.synced && c.doc.getMap('elements').size === 20);
      expect(canonicalState(c.doc)).toBe(expected);
    });
  });
});

const MiB = 1024 * 1024;

/** A board of long strokes, about `bytes` as an encoded state, and the doc to go on drawing in. */
function largeBoard(bytes: number): Y.Doc {
  const doc = new Y.Doc();
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  const numbersPerStroke = 3_000;
  // About 5 bytes per number: quarters fit a float32, which Yjs writes with a one-byte tag.
  const strokes = Math.ceil(bytes / (numbersPerStroke * 5));
  doc.transact(() => {
    for (let s = 0; s < strokes; s++) {
      const element = new Y.Map<unknown>();
      element.set('type', 'stroke');
      element.set('x', s * 40);
      element.set('y', 0);
      element.set('z', `a${s}`);
      const points = new Y.Array<number>();
      points.push(Array.from({ length: numbersPerStroke }, (_, i) => Math.round((s * 31 + i * 7.3) % 5000) + 0.25));
      element.set('points', points);
      elements.set(`stroke-${s}`, element);
    }
  });
  return doc;
}

describe('checkpoint interval', () => {
  it('is CHECKPOINT_EVERY_UPDATES on boards up to 1 MiB, that many per MiB of state above, and CHECKPOINT_EVERY_BYTES of log on any board', () => {
    const settings = compactionFrom({ CHECKPOINT_EVERY_UPDATES: '1000' });
    expect(settings.checkpointEveryBytes).toBe(4 * MiB);
    expect(checkpointDue(settings, { updates: 999, bytes: 0 }, 0)).toBe(false);
    expect(checkpointDue(settings, { updates: 1000, bytes: 0 }, 0)).toBe(true);
    expect(checkpointDue(settings, { updates: 1000, bytes: 0 }, MiB / 2)).toBe(true);
    expect(checkpointDue(settings, { updates: 4_999, bytes: 0 }, 5 * MiB)).toBe(false);
    expect(checkpointDue(settings, { updates: 5_000, bytes: 0 }, 5 * MiB)).toBe(true);
    expect(checkpointDue(settings, { updates: 10, bytes: 4 * MiB }, 5 * MiB)).toBe(true);
  });

  it('a room on a 2.5 MiB board writes its next checkpoint after CHECKPOINT_EVERY_UPDATES per MiB of state, not after CHECKPOINT_EVERY_UPDATES', async () => {
    const compaction = compactionFrom({ CHECKPOINT_EVERY_UPDATES: '200' });
    const store = tempStore();
    const writer = largeBoard(2.5 * MiB);
    cleanups.push(() => writer.destroy());
    const { room: record } = await createRoom(store, { title: 'Large board' });
    const room = await loadRoom(store, record.roomId, compaction);
    await room.applyServerUpdate(Y.encodeStateAsUpdate(writer));
    const started = performance.now();
    await room.checkpoint();
    const checkpointMs = performance.now() - started;
    const first = await store.loadDocument(record.roomId);
    const stateBytes = first.checkpoint!.byteLength;
    expect(stateBytes).toBeGreaterThan(2 * MiB);
    const interval = Math.ceil(200 * (stateBytes / MiB));
    console.log(`[compaction] checkpoint of a ${(stateBytes / MiB).toFixed(2)} MiB board: ${checkpointMs.toFixed(0)} ms; next one after ${interval} updates`);

    // Small edits, as people draw: one stroke point each.
    const edits: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => edits.push(update));
    const points = writer.getMap<Y.Map<unknown>>('elements').get('stroke-0')!.get('points') as Y.Array<number>;
    for (let i = 0; i < interval + 10; i++) points.push([i, i]);

    await commitThroughRoom(room, edits.slice(0, interval - 10), 25);
    // A due checkpoint starts one turn after the commit that made it due; give it far longer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await store.loadDocument(record.roomId)).checkpointSeq).toBe(first.checkpointSeq);

    await commitThroughRoom(room, edits.slice(interval - 10), 25);
    const next = await waitFor('the checkpoint after the scaled interval', async () => {
      const current = await store.loadDocument(record.roomId);
      return current.checkpointSeq > first.checkpointSeq ? current : null;
    });
    expect(next.updates.length).toBeLessThan(interval);
    const reloaded = await loadRoom(store, record.roomId, compaction);
    expectSameDocument(reloaded.doc, room.doc);
    expect(reloaded.doc.getMap('elements').toJSON()).toEqual(writer.getMap('elements').toJSON());
  }, 60_000);
});
