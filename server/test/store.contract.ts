import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RoomRecord, SnapshotRecord, Store, StoredDocument } from '../src/store/Store.js';
import { canonicalState } from './helpers/yClient.js';

/**
 * The contract every Store implementation must pass. SQLite runs it now
 * (sqliteStore.test.ts); a Postgres store reuses it by calling
 * `describeStoreContract` with its own factory.
 */

export interface StoreFixture {
  store: Store;
  /**
   * A second, independent instance on the same storage (for SQLite, on a copy
   * of its files as they are now, what a crash would leave; another pool on the
   * same database): what it reads is what survived, not what the first
   * instance holds in memory.
   * Instances opened this way are closed by `cleanup`.
   */
  reopen(): Promise<Store>;
  /** Closes every instance and removes whatever the fixture created (temp files, schemas). */
  cleanup(): Promise<void>;
}

export interface StoreFactoryOptions {
  /** The clock the store must use for log entry and checkpoint times (ms since epoch). */
  now: () => number;
}

export type StoreFactory = (options: StoreFactoryOptions) => Promise<StoreFixture>;

/** A minute-aligned start time, so tests can place entries inside chosen minutes. */
const T0 = Date.UTC(2024, 0, 15, 9, 0, 0);
const MINUTE = 60_000;

let roomCounter = 0;

function newRoom(overrides: Partial<RoomRecord> = {}): RoomRecord {
  roomCounter += 1;
  const n = `${process.pid}-${roomCounter}`;
  return {
    roomId: `room-${n}`,
    editId: `edit-${n}`,
    viewId: `view-${n}`,
    ownerKeyHash: 'ab'.repeat(32),
    title: `Board ${n}`,
    createdAt: T0,
    updatedAt: T0,
    elementCount: 0,
    ...overrides,
  };
}

/** A client document whose changes are recorded, one Yjs update per transaction. */
class Writer {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  private next = 0;

  constructor() {
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update));
  }

  /** One change: a new sticky note with some text. Returns the update it produced. */
  change(): Uint8Array {
    const id = `note-${this.next++}`;
    this.doc.transact(() => {
      const element = new Y.Map<unknown>();
      element.set('type', 'sticky');
      element.set('x', this.next * 10);
      element.set('y', 0);
      const text = new Y.Text();
      text.insert(0, `text of ${id}`);
      element.set('text', text);
      this.doc.getMap('elements').set(id, element);
    });
    return this.updates[this.updates.length - 1]!;
  }

  /** One change that edits earlier content (a keystroke into the first note, or a title change). */
  edit(i: number): Uint8Array {
    const first = this.doc.getMap('elements').get('note-0');
    if (first instanceof Y.Map) {
      const text = first.get('text');
      if (text instanceof Y.Text) text.insert(text.length, String(i % 10));
    } else {
      this.doc.getMap('meta').set('title', `title ${i}`);
    }
    return this.updates[this.updates.length - 1]!;
  }

  destroy(): void {
    this.doc.destroy();
  }
}

/** Rebuilds a document the way a room does: checkpoint, then the tail in order. */
function rebuild(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

function expectSameState(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
  expect(canonicalState(actual)).toBe(canonicalState(expected));
  expect(actual.getMap('elements').size).toBe(expected.getMap('elements').size);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((value, i) => value === b[i]);
}

function totalBytes(updates: Uint8Array[]): number {
  return updates.reduce((sum, update) => sum + update.byteLength, 0);
}

export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    /** The store's clock; tests move it to simulate time. */
    let clock: number;
    const writers: Writer[] = [];

    function writer(): Writer {
      const created = new Writer();
      writers.push(created);
      return created;
    }

    /** Appends one update with the clock set to `at`, and waits until it is durable. */
    async function appendAt(roomId: string, at: number, update: Uint8Array): Promise<number> {
      clock = at;
      return store.appendUpdate(roomId, update);
    }

    beforeEach(async () => {
      clock = T0;
      fixture = await makeStore({ now: () => clock });
      store = fixture.store;
    });

    afterEach(async () => {
      for (const created of writers.splice(0)) created.destroy();
      await fixture.cleanup();
    });

    describe('rooms and access ids', () => {
      it('finds a room by its edit id (editor) and by its view id (viewer)', async () => {
        const room = newRoom();
        await store.createRoom(room);
        expect(await store.findRoomByAccessId(room.editId)).toEqual({ room, role: 'editor' });
        expect(await store.findRoomByAccessId(room.viewId)).toEqual({ room, role: 'viewer' });
      });

      it('finds nothing for an unknown id, and the internal room id is no access id', async () => {
        const room = newRoom();
        await store.createRoom(room);
        expect(await store.findRoomByAccessId('no-such-id')).toBeUndefined();
        expect(await store.findRoomByAccessId('')).toBeUndefined();
        expect(await store.findRoomByAccessId(room.roomId)).toBeUndefined();
      });

      it('getRoom returns the record, or undefined for an unknown room', async () => {
        const room = newRoom({ title: 'Retro', elementCount: 0 });
        await store.createRoom(room);
        expect(await store.getRoom(room.roomId)).toEqual(room);
        expect(await store.getRoom('no-such-room')).toBeUndefined();
      });

      it('refuses a second room with an edit id or view id already in use', async () => {
        const first = newRoom();
        await store.createRoom(first);
        await expect(store.createRoom(newRoom({ editId: first.editId }))).rejects.toThrow();
        await expect(store.createRoom(newRoom({ viewId: first.viewId }))).rejects.toThrow();
        await expect(store.createRoom(newRoom({ roomId: first.roomId }))).rejects.toThrow();
        expect(await store.findRoomByAccessId(first.editId)).toEqual({ room: first, role: 'editor' });
      });

      it('stores the initial update as the first log entry, durably', async () => {
        const w = writer();
        const initial = w.change();
        const room = newRoom();
        await store.createRoom(room, initial);
        const other = await fixture.reopen();
        const stored = await other.loadDocument(room.roomId);
        expect(stored.checkpoint).toBeNull();
        expect(stored.checkpointSeq).toBe(0);
        expect(stored.updates).toHaveLength(1);
        expect(sameBytes(stored.updates[0]!, initial)).toBe(true);
        expect(stored.lastSeq).toBeGreaterThan(0);
        expect(stored.updateBytes).toBe(initial.byteLength);
      });
    });

    describe('update log', () => {
      it('an empty room loads as nothing', async () => {
        const room = newRoom();
        await store.createRoom(room);
        expect(await store.loadDocument(room.roomId)).toEqual({
          checkpoint: null,
          checkpointSeq: 0,
          updates: [],
          lastSeq: 0,
          updateBytes: 0,
          snapshotSeq: 0,
        });
      });

      it('loadDocument tells the log position of the room’s newest snapshot', async () => {
        const room = newRoom();
        const other = newRoom();
        await store.createRoom(room);
        await store.createRoom(other);
        const w = writer();
        const seqs: number[] = [];
        for (let i = 0; i < 3; i++) seqs.push(await store.appendUpdate(room.roomId, w.change()));
        const snapshot = (uptoSeq: number, roomId = room.roomId): SnapshotRecord => ({
          snapshotId: `snap-${roomId}-${uptoSeq}`,
          roomId,
          name: 'n',
          createdAt: uptoSeq,
          auto: false,
          elementCount: 0,
          uptoSeq,
        });
        await store.createSnapshot(snapshot(seqs[2]!), Y.encodeStateAsUpdate(w.doc));
        await store.createSnapshot(snapshot(seqs[0]!), Y.encodeStateAsUpdate(w.doc));
        await store.createSnapshot(snapshot(seqs[2]! + 100, other.roomId), Y.encodeStateAsUpdate(w.doc));
        expect((await store.loadDocument(room.roomId)).snapshotSeq).toBe(seqs[2]);
      });

      it('appendUpdate resolves with increasing sequence numbers, within a turn and across turns', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const sameTurn = await Promise.all([w.change(), w.change(), w.change()].map((u) => store.appendUpdate(room.roomId, u)));
        const later = await store.appendUpdate(room.roomId, w.change());
        const seqs = [...sameTurn, later];
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
        expect((await store.loadDocument(room.roomId)).lastSeq).toBe(later);
      });

      it('appends made in the same turn are all durable once their promises resolve', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const updates = Array.from({ length: 200 }, () => w.change());
        // Not awaited one by one: all 200 are handed over in one event-loop turn.
        const pending = updates.map((update) => store.appendUpdate(room.roomId, update));
        const seqs = await Promise.all(pending);

        const other = await fixture.reopen();
        const stored = await other.loadDocument(room.roomId);
        expect(stored.updates).toHaveLength(updates.length);
        stored.updates.forEach((update, i) => expect(sameBytes(update, updates[i]!)).toBe(true));
        expect(stored.lastSeq).toBe(seqs[seqs.length - 1]);
        expect(stored.updateBytes).toBe(totalBytes(updates));
        expectSameState(rebuild(stored), w.doc);
      });

      it('an update handed over as a view into a larger buffer is stored as exactly its bytes', async () => {
        // The protocol decoder hands the room subarrays of the incoming message.
        const room = newRoom();
        await store.createRoom(room);
        const update = writer().change();
        const message = new Uint8Array(update.byteLength + 20).fill(0xee);
        message.set(update, 7);
        await store.appendUpdate(room.roomId, message.subarray(7, 7 + update.byteLength));
        const stored = await store.loadDocument(room.roomId);
        expect(stored.updates).toHaveLength(1);
        expect(sameBytes(stored.updates[0]!, update)).toBe(true);
      });

      it('keeps each room’s log to itself', async () => {
        const a = newRoom();
        const b = newRoom();
        await store.createRoom(a);
        await store.createRoom(b);
        const wa = writer();
        const wb = writer();
        await Promise.all([
          store.appendUpdate(a.roomId, wa.change()),
          store.appendUpdate(b.roomId, wb.change()),
          store.appendUpdate(a.roomId, wa.change()),
        ]);
        expect((await store.loadDocument(a.roomId)).updates).toHaveLength(2);
        expect((await store.loadDocument(b.roomId)).updates).toHaveLength(1);
        expectSameState(rebuild(await store.loadDocument(a.roomId)), wa.doc);
        expectSameState(rebuild(await store.loadDocument(b.roomId)), wb.doc);
      });

      it('an append moves the room’s updatedAt to the store clock', async () => {
        const room = newRoom();
        await store.createRoom(room);
        await appendAt(room.roomId, T0 + 5 * MINUTE, writer().change());
        expect((await store.getRoom(room.roomId))?.updatedAt).toBe(T0 + 5 * MINUTE);
      });

      it('close() commits appends already handed over, and later appends are refused', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const update = writer().change();
        const appended = store.appendUpdate(room.roomId, update);
        await store.close();
        const seq = await appended;
        expect(seq).toBeGreaterThan(0);
        await expect(store.appendUpdate(room.roomId, update)).rejects.toThrow();
        const other = await fixture.reopen();
        const stored = await other.loadDocument(room.roomId);
        expect(stored.updates).toHaveLength(1);
        expect(stored.lastSeq).toBe(seq);
      });
    });

    describe('checkpoints', () => {
      it('loadDocument returns the checkpoint and only the updates after it', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        for (let i = 0; i < 3; i++) await store.appendUpdate(room.roomId, w.change());
        const covered = (await store.loadDocument(room.roomId)).lastSeq;
        const state = Y.encodeStateAsUpdate(w.doc);
        await store.writeCheckpoint(room.roomId, state, covered, { title: 'T', elementCount: 3 });
        const after = [w.change(), w.edit(1)];
        const seqs: number[] = [];
        for (const update of after) seqs.push(await store.appendUpdate(room.roomId, update));

        const stored = await store.loadDocument(room.roomId);
        expect(stored.checkpoint).not.toBeNull();
        expect(sameBytes(stored.checkpoint!, state)).toBe(true);
        expect(stored.checkpointSeq).toBe(covered);
        expect(stored.updates).toHaveLength(2);
        stored.updates.forEach((update, i) => expect(sameBytes(update, after[i]!)).toBe(true));
        expect(stored.lastSeq).toBe(seqs[1]);
        expect(stored.updateBytes).toBe(totalBytes(after));
        expectSameState(rebuild(stored), w.doc);
      });

      it('a checkpoint of the newest entry leaves no tail, and lastSeq stays the checkpoint’s', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        let seq = 0;
        for (let i = 0; i < 4; i++) seq = await store.appendUpdate(room.roomId, w.change());
        await store.writeCheckpoint(room.roomId, Y.encodeStateAsUpdate(w.doc), seq, { title: 'T', elementCount: 4 });
        const stored = await store.loadDocument(room.roomId);
        expect(stored.updates).toEqual([]);
        expect(stored.updateBytes).toBe(0);
        expect(stored.checkpointSeq).toBe(seq);
        expect(stored.lastSeq).toBe(seq);
        expectSameState(rebuild(stored), w.doc);
      });

      it('writeCheckpoint drops older checkpoints and stores the summary', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const first = await store.appendUpdate(room.roomId, w.change());
        const firstState = Y.encodeStateAsUpdate(w.doc);
        await store.writeCheckpoint(room.roomId, firstState, first, { title: 'First', elementCount: 1 });
        expect((await store.storedSize(room.roomId)).checkpointBytes).toBe(firstState.byteLength);

        let second = 0;
        for (let i = 0; i < 5; i++) second = await store.appendUpdate(room.roomId, w.change());
        const secondState = Y.encodeStateAsUpdate(w.doc);
        await store.writeCheckpoint(room.roomId, secondState, second, { title: 'Second', elementCount: 6 });

        const size = await store.storedSize(room.roomId);
        expect(size.checkpointBytes).toBe(secondState.byteLength);
        const stored = await store.loadDocument(room.roomId);
        expect(stored.checkpointSeq).toBe(second);
        expect(sameBytes(stored.checkpoint!, secondState)).toBe(true);
        const record = await store.getRoom(room.roomId);
        expect(record).toMatchObject({ title: 'Second', elementCount: 6 });
        expect((await store.findRoomByAccessId(room.viewId))?.room).toMatchObject({ title: 'Second', elementCount: 6 });
      });

      it('checkpoints are durable and per room', async () => {
        const a = newRoom();
        const b = newRoom();
        await store.createRoom(a);
        await store.createRoom(b);
        const w = writer();
        const seq = await store.appendUpdate(a.roomId, w.change());
        await store.appendUpdate(b.roomId, writer().change());
        await store.writeCheckpoint(a.roomId, Y.encodeStateAsUpdate(w.doc), seq, { title: 'A', elementCount: 1 });
        const other = await fixture.reopen();
        expect((await other.loadDocument(a.roomId)).checkpointSeq).toBe(seq);
        const bStored = await other.loadDocument(b.roomId);
        expect(bStored.checkpoint).toBeNull();
        expect(bStored.updates).toHaveLength(1);
        expect((await other.getRoom(b.roomId))?.title).toBe(b.title);
      });
    });

    describe('log merging', () => {
      /**
       * A room with entries at chosen times: 5 in minute 0, 3 in minute 1,
       * 1 in minute 2 (all old), and 4 in minute 20 (recent).
       */
      async function roomWithHistory(): Promise<{
        room: RoomRecord;
        w: Writer;
        old: Uint8Array[][];
        recent: Uint8Array[];
        lastSeq: number;
      }> {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const old: Uint8Array[][] = [[], [], []];
        const counts = [5, 3, 1];
        for (let minute = 0; minute < counts.length; minute++) {
          for (let i = 0; i < counts[minute]!; i++) {
            const update = i % 2 === 0 ? w.change() : w.edit(i);
            old[minute]!.push(update);
            await appendAt(room.roomId, T0 + minute * MINUTE + i * 7_000, update);
          }
        }
        const recent: Uint8Array[] = [];
        let lastSeq = 0;
        for (let i = 0; i < 4; i++) {
          const update = i % 2 === 0 ? w.change() : w.edit(i);
          recent.push(update);
          lastSeq = await appendAt(room.roomId, T0 + 20 * MINUTE + i * 1_000, update);
        }
        return { room, w, old, recent, lastSeq };
      }

      const cutoff = T0 + 10 * MINUTE;
      const merge = (updates: Uint8Array[]): Uint8Array => Y.mergeUpdates(updates);

      it('merges entries older than the cutoff into one per minute and keeps newer ones', async () => {
        const { room, w, recent, lastSeq } = await roomWithHistory();
        expect((await store.storedSize(room.roomId)).logEntries).toBe(13);

        const removed = await store.mergeLog(room.roomId, cutoff, merge);
        expect(removed).toBe(4 + 2);

        const size = await store.storedSize(room.roomId);
        expect(size.logEntries).toBe(3 + 4);
        const stored = await store.loadDocument(room.roomId);
        expect(stored.updates).toHaveLength(7);
        expect(stored.updateBytes).toBe(size.logBytes);
        // The newer entries are untouched, in order, at the end of the log.
        stored.updates.slice(-4).forEach((update, i) => expect(sameBytes(update, recent[i]!)).toBe(true));
        // Sequence numbers still describe the log: the newest entry is the same.
        expect(stored.lastSeq).toBe(lastSeq);
        expectSameState(rebuild(stored), w.doc);

        // Merging again finds nothing more to do.
        expect(await store.mergeLog(room.roomId, cutoff, merge)).toBe(0);
        expect((await store.storedSize(room.roomId)).logEntries).toBe(7);
      });

      it('the merged log is durable and still reproduces the document', async () => {
        const { room, w } = await roomWithHistory();
        const before = rebuild(await store.loadDocument(room.roomId));
        await store.mergeLog(room.roomId, cutoff, merge);
        const other = await fixture.reopen();
        const after = rebuild(await other.loadDocument(room.roomId));
        expectSameState(after, before);
        expectSameState(after, w.doc);
        before.destroy();
        after.destroy();
      });

      it('keeps checkpoint plus tail reproducible when merged minutes straddle the checkpoint', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const seqs: number[] = [];
        for (let i = 0; i < 6; i++) seqs.push(await appendAt(room.roomId, T0 + i * 5_000, w.change()));
        // The checkpoint covers the first three entries of a minute that has six.
        const partial = new Y.Doc();
        const logged = (await store.loadDocument(room.roomId)).updates;
        for (const update of logged.slice(0, 3)) Y.applyUpdate(partial, update);
        await store.writeCheckpoint(room.roomId, Y.encodeStateAsUpdate(partial), seqs[2]!, { title: 'T', elementCount: 3 });
        partial.destroy();

        // Five if the minute merges whole; four where the checkpoint is also a history anchor,
        // which a merge never crosses. Either way the state must come back exactly.
        expect(await store.mergeLog(room.roomId, cutoff, merge)).toBeGreaterThanOrEqual(4);
        const stored = await store.loadDocument(room.roomId);
        expect(stored.checkpointSeq).toBe(seqs[2]);
        expect(stored.lastSeq).toBe(seqs[5]);
        expectSameState(rebuild(stored), w.doc);
      });

      it('leaves entries at or after the cutoff alone', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        await appendAt(room.roomId, T0, w.change());
        await appendAt(room.roomId, T0 + 1_000, w.change());
        await appendAt(room.roomId, T0 + 2_000, w.change());
        // Only the first two are strictly older than T0 + 2 s.
        expect(await store.mergeLog(room.roomId, T0 + 2_000, merge)).toBe(1);
        expect((await store.storedSize(room.roomId)).logEntries).toBe(2);
        expectSameState(rebuild(await store.loadDocument(room.roomId)), w.doc);
      });

      it('never loses an entry that fails to merge', async () => {
        const { room, w, old, recent } = await roomWithHistory();
        const poison = old[1]![1]!;
        const picky = (updates: Uint8Array[]): Uint8Array => {
          if (updates.some((update) => sameBytes(update, poison))) throw new Error('cannot merge this one');
          return Y.mergeUpdates(updates);
        };
        // Minute 0 merges (5 -> 1); minute 1 holds the poison and stays as its 3 entries.
        expect(await store.mergeLog(room.roomId, cutoff, picky)).toBe(4);
        const stored = await store.loadDocument(room.roomId);
        expect(stored.updates).toHaveLength(1 + 3 + 1 + 4);
        const kept = stored.updates.slice(1, 4);
        kept.forEach((update, i) => expect(sameBytes(update, old[1]![i]!)).toBe(true));
        stored.updates.slice(-4).forEach((update, i) => expect(sameBytes(update, recent[i]!)).toBe(true));
        expectSameState(rebuild(stored), w.doc);
      });

      it('a merge that fails everywhere changes nothing', async () => {
        const { room, w } = await roomWithHistory();
        const before = await store.loadDocument(room.roomId);
        const removed = await store.mergeLog(room.roomId, cutoff, () => {
          throw new Error('merge unavailable');
        });
        expect(removed).toBe(0);
        const after = await store.loadDocument(room.roomId);
        expect(after.updates).toHaveLength(before.updates.length);
        after.updates.forEach((update, i) => expect(sameBytes(update, before.updates[i]!)).toBe(true));
        expect(after.lastSeq).toBe(before.lastSeq);
        expectSameState(rebuild(after), w.doc);
      });

      it('merges only the given room', async () => {
        const a = await roomWithHistory();
        const b = await roomWithHistory();
        await store.mergeLog(a.room.roomId, cutoff, merge);
        expect((await store.storedSize(a.room.roomId)).logEntries).toBe(7);
        expect((await store.storedSize(b.room.roomId)).logEntries).toBe(13);
        expectSameState(rebuild(await store.loadDocument(a.room.roomId)), a.w.doc);
        expectSameState(rebuild(await store.loadDocument(b.room.roomId)), b.w.doc);
      });
    });

    describe('history', () => {
      it('rebuilds any past moment from the nearest anchor plus the log, as the whole log would', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const w = writer();
        const states: { at: number; doc: Y.Doc }[] = [];
        for (let i = 0; i < 40; i++) {
          const at = T0 + i * 20_000;
          const seq = await appendAt(room.roomId, at, i % 3 === 2 ? w.edit(i) : w.change());
          if (i % 10 === 9) await store.writeCheckpoint(room.roomId, Y.encodeStateAsUpdate(w.doc), seq, { title: 'T', elementCount: i });
          const snapshot = new Y.Doc();
          Y.applyUpdate(snapshot, Y.encodeStateAsUpdate(w.doc));
          states.push({ at, doc: snapshot });
        }
        clock = T0 + 3_600_000;
        await store.mergeLog(room.roomId, clock, (updates) => Y.mergeUpdates(updates));
        for (const { at, doc } of states) {
          const { base, entries } = await store.historyAt(room.roomId, at);
          const rebuilt = new Y.Doc();
          if (base) Y.applyUpdate(rebuilt, base);
          for (const entry of entries) {
            expect(entry.at).toBeLessThanOrEqual(at);
            Y.applyUpdate(rebuilt, entry.update);
          }
          // Minute resolution: a moment inside a merged minute shows that minute's end, like the full log.
          const full = new Y.Doc();
          for (const entry of await store.historyUpTo(room.roomId, at)) Y.applyUpdate(full, entry.update);
          expect(canonicalState(rebuilt)).toBe(canonicalState(full));
          if (at % 60_000 === 40_000) expectSameState(rebuilt, doc);
          rebuilt.destroy();
          full.destroy();
          doc.destroy();
        }
        expect(await store.historyTimes(room.roomId, 1000)).toEqual([...(await store.historyTimes(room.roomId, 1000))].sort((a, b) => a - b));
      });
    });

    describe('storedSize', () => {
      it('counts log entries, log bytes and checkpoint bytes per room', async () => {
        const room = newRoom();
        await store.createRoom(room);
        const empty = { logEntries: 0, logBytes: 0, checkpointBytes: 0, anchors: 0, anchorBytes: 0 };
        expect(await store.storedSize(room.roomId)).toEqual(empty);
        expect(await store.storedSize('no-such-room')).toEqual(empty);

        const w = writer();
        const updates = [w.change(), w.change(), w.edit(1)];
        let seq = 0;
        for (const update of updates) seq = await store.appendUpdate(room.roomId, update);
        expect(await store.storedSize(room.roomId)).toEqual({
          logEntries: 3,
          logBytes: totalBytes(updates),
          checkpointBytes: 0,
          anchors: 0,
          anchorBytes: 0,
        });

        const state = Y.encodeStateAsUpdate(w.doc);
        await store.writeCheckpoint(room.roomId, state, seq, { title: 'T', elementCount: 2 });
        // The log is history: a checkpoint does not shorten it. A room's first checkpoint is also
        // its first history anchor (the state a past moment is rebuilt from).
        expect(await store.storedSize(room.roomId)).toEqual({
          logEntries: 3,
          logBytes: totalBytes(updates),
          checkpointBytes: state.byteLength,
          anchors: 1,
          anchorBytes: state.byteLength,
        });
      });
    });
  });
}
