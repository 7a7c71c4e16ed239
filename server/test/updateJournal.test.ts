import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateJournal, type JournalRecord } from '../src/store/UpdateJournal.js';
import { SqliteStore } from '../src/store/SqliteStore.js';
import type { RoomRecord } from '../src/store/Store.js';

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

describe('update journal', () => {
  it('gives back every record of every batch after a restart, in order', () => {
    const file = path.join(tempDir(), 'j.log');
    const written = [record(1), record(2, 'room-b', 0), record(3, 'rööm-ü', 70_000)];
    const first = UpdateJournal.open(file);
    expect(first.records).toEqual([]);
    first.journal.append(written.slice(0, 2));
    first.journal.append(written.slice(2));
    first.journal.close();

    const second = UpdateJournal.open(file);
    expect(plain(second.records)).toEqual(plain(written));
    second.journal.close();
  });

  it('drops a record torn by a crash during its write, and appends after the last complete one', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = UpdateJournal.open(file);
    journal.append([record(1), record(2)]);
    journal.close();
    const complete = fs.statSync(file).size;
    // Half of a third record: what a kill during the write leaves.
    const { journal: other } = UpdateJournal.open(`${file}.scratch`);
    other.append([record(3, 'room-a', 100)]);
    other.close();
    const third = fs.readFileSync(`${file}.scratch`);
    fs.appendFileSync(file, third.subarray(0, 60));

    const reopened = UpdateJournal.open(file);
    expect(reopened.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(fs.statSync(file).size).toBe(complete);
    reopened.journal.append([record(4)]);
    reopened.journal.close();
    expect(UpdateJournal.open(file).records.map((r) => r.seq)).toEqual([1, 2, 4]);
  });

  it('stops at a damaged record: nothing after a checksum mismatch is trusted', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = UpdateJournal.open(file);
    journal.append([record(1)]);
    const firstEnd = fs.statSync(file).size;
    journal.append([record(2), record(3)]);
    journal.close();
    const bytes = fs.readFileSync(file);
    bytes[firstEnd + 20] = bytes[firstEnd + 20]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    expect(UpdateJournal.open(file).records.map((r) => r.seq)).toEqual([1]);
  });

  it('is empty again once cleared', () => {
    const file = path.join(tempDir(), 'j.log');
    const { journal } = UpdateJournal.open(file);
    journal.append([record(1), record(2)]);
    journal.clear();
    journal.append([record(3)]);
    journal.close();
    expect(UpdateJournal.open(file).records.map((r) => r.seq)).toEqual([3]);
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
    const crashed = new SqliteStore({ filename });
    await crashed.createRoom(room);
    const updates = [new Uint8Array([1, 2, 3]), new Uint8Array([4]), new Uint8Array([5, 6])];
    const seqs = await Promise.all(updates.map((update) => crashed.appendUpdate(room.roomId, update)));
    // Not closed: the journal still holds the appends, the table does not (they move after a delay).
    expect(fs.statSync(`${filename}.updates.log`).size).toBeGreaterThan(0);

    const restarted = new SqliteStore({ filename });
    const stored = await restarted.loadDocument(room.roomId);
    expect(stored.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]));
    expect(stored.lastSeq).toBe(seqs[2]);
    // New appends continue the sequence after the recovered ones.
    expect(await restarted.appendUpdate(room.roomId, new Uint8Array([7]))).toBeGreaterThan(seqs[2]!);
    await restarted.close();
    expect(fs.statSync(`${filename}.updates.log`).size).toBe(0);
    await crashed.close();
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

  it('refuses to start on a journal it cannot read rather than dropping it', () => {
    const filename = path.join(tempDir(), 'board.sqlite');
    fs.mkdirSync(`${filename}.updates.log`);
    expect(() => new SqliteStore({ filename })).toThrow();
  });
});
