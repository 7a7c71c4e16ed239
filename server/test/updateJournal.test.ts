import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateJournal, type JournalRecord } from '../src/store/UpdateJournal.js';
import { SqliteStore } from '../src/store/SqliteStore.js';
import type { RoomRecord } from '../src/store/Store.js';
import { copyStoreFiles } from './helpers/storeFiles.js';

/**
 * The update journal is what makes an append durable before it is relayed. A
 * process killed at any moment leaves complete records, possibly followed by a
 * torn one; the next start must keep every complete record and nothing else.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-journal-'));
  dirs.push(dir);
  return dir;
}

function record(seq: number, roomId = 'room-a', size = 5): JournalRecord {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (seq * 17 + i) & 0xff;
  return { seq, roomId, createdAt: 1_700_000_000_000 + seq, data };
}

function plain(records: JournalRecord[]): unknown[] {
  return records.map((r) => ({ ...r, data: [...r.data] }));
}

describe('update journal, by default', () => {
  it('maps its file into memory (the file_map addon is built at install: npm rebuild -w server, with a C compiler)', () => {
    const { journal } = UpdateJournal.open(path.join(tempDir(), 'j.log'));
    expect(journal.mapped).toBe(true);
    journal.close();
  });

  it('cannot be opened twice at once, as by a second server on the same data directory', () => {
    const file = path.join(tempDir(), 'j.log');
    const first = UpdateJournal.open(file);
    first.journal.append([record(1)]);
    expect(() => UpdateJournal.open(file)).toThrow(`${file} is in use: is another server running on the same data directory?`);
    // The refused open changed nothing: the first goes on, and its records are there for the next start.
    first.journal.append([record(2)]);
    first.journal.close();
    const next = UpdateJournal.open(file);
    expect(next.records.map((r) => r.seq)).toEqual([1, 2]);
    next.journal.close();
  });
});

// Mapped (the addon), or written with write() (no C compiler at install): the same file either way.
describe.each([
  { mode: 'mapped', map: true },
  { mode: 'written', map: false },
])('update journal, $mode', ({ map }) => {
  const open = (file: string): ReturnType<typeof UpdateJournal.open> => UpdateJournal.open(file, { map });
  /** The records the next start would find. */
  const readBack = (file: string): JournalRecord[] => {
    const { journal, records } = open(file);
    journal.close();
    return records;
  };

  it('gives back every record of every batch after a restart, in order', () => {
    const file = path.join(tempDir(), 'j.log');
    const written = [record(1), record(2, 'room-b', 0), record(3, 'rööm-ü', 70_000)];
    const first = open(file);
    expect(first.journal.mapped).toBe(map);
    expect(first.records).toEqual([]);
    first.journal.append(written.slice(0, 2));
    first.journal.append(written.slice(2));
    first.journal.close();

    const second = open(file);
    expect(plain(second.records)).toEqual(plain(written));
    second.journal.close();
  });

  it('drops a record torn by a crash during its write, and appends after the last complete one', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = open(file);
    journal.append([record(1), record(2)]);
    const complete = journal.byteLength;
    journal.close();
    expect(fs.statSync(file).size).toBe(complete);
    // Half of a third record: what a kill during the write leaves.
    const { journal: other } = open(`${file}.scratch`);
    other.append([record(3, 'room-a', 100)]);
    other.close();
    const third = fs.readFileSync(`${file}.scratch`);
    fs.appendFileSync(file, third.subarray(0, 60));

    const reopened = open(file);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(reopened.journal.byteLength).toBe(complete);
    reopened.journal.append([record(4)]);
    reopened.journal.close();
    expect(readBack(file).map((r) => r.seq)).toEqual([1, 2, 4]);
  });

  it('stops at a damaged record: nothing after a checksum mismatch is trusted', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = open(file);
    journal.append([record(1)]);
    const firstEnd = journal.byteLength;
    journal.append([record(2), record(3)]);
    journal.close();
    const bytes = fs.readFileSync(file);
    bytes[firstEnd + 20] = bytes[firstEnd + 20]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    expect(readBack(file).map((r) => r.seq)).toEqual([1]);
  });

  it('is empty again once cleared', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = open(file);
    journal.append([record(1), record(2)]);
    journal.clear();
    journal.append([record(3)]);
    journal.close();
    expect(readBack(file).map((r) => r.seq)).toEqual([3]);
  });

  it('takes batches larger than the file has room for', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = open(file);
    const written = [record(1, 'room-a', 3 * 1024 * 1024), record(2, 'room-a', 6 * 1024 * 1024), record(3)];
    for (const r of written) journal.append([r]);
    journal.close();
    const read = readBack(file);
    expect(read.map((r) => r.seq)).toEqual([1, 2, 3]);
    read.forEach((r, i) => expect(Buffer.from(r.data).equals(written[i]!.data)).toBe(true));
  });

  it('holds each batch in the file as soon as append returns, before any close (a killed process loses none)', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = open(file);
    journal.append([record(1), record(2)]);
    journal.append([record(3)]);
    // What another process (the next start) reads while this one never closes the journal.
    fs.copyFileSync(file, `${file}.copy`);
    expect(UpdateJournal.open(`${file}.copy`, { map: false }).records.map((r) => r.seq)).toEqual([1, 2, 3]);
    journal.close();
  });
});

describe('SqliteStore with its journal', () => {
  const room: RoomRecord = {
    roomId: 'room-1',
    editId: 'edit-1',
    viewId: 'view-1',
    ownerKeyHash: 'hash',
    title: 'Journal',
    createdAt: 1_000,
    updatedAt: 1_000,
    elementCount: 0,
  };

  it('keeps appends that were never moved into the log table when the process dies', async () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    const running = new SqliteStore({ filename });
    await running.createRoom(room);
    const updates = [new Uint8Array([1, 2, 3]), new Uint8Array([4]), new Uint8Array([5, 6])];
    const seqs = await Promise.all(updates.map((update) => running.appendUpdate(room.roomId, update)));
    // The files as a crash now would leave them: the journal holds the appends, the table does not
    // (they move after a delay). The next start runs on this copy.
    const crashed = path.join(tempDir(), 'board.sqlite');
    copyStoreFiles(filename, crashed);
    await running.close();

    const restarted = new SqliteStore({ filename: crashed });
    const stored = await restarted.loadDocument(room.roomId);
    expect(stored.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]));
    expect(stored.lastSeq).toBe(seqs[2]);
    // New appends continue the sequence after the recovered ones.
    expect(await restarted.appendUpdate(room.roomId, new Uint8Array([7]))).toBeGreaterThan(seqs[2]!);
    await restarted.close();
    expect(fs.statSync(`${crashed}.updates.log`).size).toBe(0);
  });

  it('moves a long journal into the log table whole and in order (several insert statements of rows)', async () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    const store = new SqliteStore({ filename });
    await store.createRoom(room);
    const updates = Array.from({ length: 150 }, (_, i) => new Uint8Array([i & 0xff, i >> 8, 7]));
    const seqs = await Promise.all(updates.map((update) => store.appendUpdate(room.roomId, update)));
    const stored = await store.loadDocument(room.roomId);
    expect(stored.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]));
    expect(stored.lastSeq).toBe(seqs.at(-1));
    expect((await store.storedSize(room.roomId)).logEntries).toBe(150);
    await store.close();
  });

  it('reads see every resolved append, moved or not yet moved', async () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    let now = 5_000;
    const store = new SqliteStore({ filename, now: () => now });
    await store.createRoom(room);
    await store.appendUpdate(room.roomId, new Uint8Array([1]));
    now = 6_000;
    await store.appendUpdate(room.roomId, new Uint8Array([2]));
    expect((await store.loadDocument(room.roomId)).updates).toHaveLength(2);
    expect((await store.storedSize(room.roomId)).logEntries).toBe(2);
    expect(await store.historyTimes(room.roomId, 10)).toEqual([5_000, 6_000]);
    expect((await store.getRoom(room.roomId))?.updatedAt).toBe(6_000);
    await store.close();
  });

  it('answers who a room is without moving the journal into the table (every connect asks), with its newest change time', async () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    let now = 5_000;
    const store = new SqliteStore({ filename, now: () => now });
    await store.createRoom(room);
    await store.appendUpdate(room.roomId, new Uint8Array([1]));
    now = 7_000;
    await store.appendUpdate(room.roomId, new Uint8Array([2]));
    expect((await store.findRoomByAccessId(room.editId))?.room.updatedAt).toBe(7_000);
    expect((await store.findRoomByAccessId(room.viewId))?.room.updatedAt).toBe(7_000);
    expect((await store.getRoom(room.roomId))?.updatedAt).toBe(7_000);
    // The tables alone, without the journal: the two appends are not in them yet.
    const tablesOnly = path.join(tempDir(), 'board.sqlite');
    copyStoreFiles(filename, tablesOnly, { journal: false });
    const copy = new SqliteStore({ filename: tablesOnly });
    expect((await copy.loadDocument(room.roomId)).updates).toHaveLength(0);
    expect((await copy.getRoom(room.roomId))?.updatedAt).toBe(1_000);
    await copy.close();
    await store.close();
  });

  it('refuses to start on a journal it cannot read rather than dropping it', () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    fs.mkdirSync(`${filename}.updates.log`);
    expect(() => new SqliteStore({ filename })).toThrow();
  });
});
