import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Role } from '@idea-board/shared';
import type {
  HistoryEntry,
  RoomAccess,
  RoomRecord,
  RoomSummary,
  SessionRecord,
  SnapshotRecord,
  Store,
  StoredDocument,
} from './Store.js';
import { UpdateJournal, type JournalRecord } from './UpdateJournal.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  room_id        TEXT PRIMARY KEY,
  edit_id        TEXT NOT NULL UNIQUE,
  view_id        TEXT NOT NULL UNIQUE,
  owner_key_hash TEXT NOT NULL,
  title          TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  element_count  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS updates (
  seq        INTEGER PRIMARY KEY,
  room_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  data       BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_room ON updates (room_id, seq);
CREATE TABLE IF NOT EXISTS snapshots (
  snapshot_id   TEXT PRIMARY KEY,
  room_id       TEXT NOT NULL,
  name          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  auto          INTEGER NOT NULL,
  element_count INTEGER NOT NULL,
  upto_seq      INTEGER NOT NULL,
  state         BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_room ON snapshots (room_id, created_at);
CREATE TABLE IF NOT EXISTS sessions (
  session_id       TEXT PRIMARY KEY,
  room_id          TEXT NOT NULL,
  started_at       INTEGER NOT NULL,
  ended_at         INTEGER,
  participants     TEXT NOT NULL,
  auto_snapshot_id TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_room ON sessions (room_id, started_at);
CREATE TABLE IF NOT EXISTS history_anchors (
  room_id    TEXT NOT NULL,
  upto_seq   INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  state      BLOB NOT NULL,
  PRIMARY KEY (room_id, upto_seq)
);
CREATE TABLE IF NOT EXISTS checkpoints (
  room_id    TEXT NOT NULL,
  upto_seq   INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  state      BLOB NOT NULL,
  PRIMARY KEY (room_id, upto_seq)
);
`;

interface RoomRow {
  room_id: string;
  edit_id: string;
  view_id: string;
  owner_key_hash: string;
  title: string;
  created_at: number;
  updated_at: number;
  element_count: number;
}

interface SnapshotRow {
  snapshot_id: string;
  room_id: string;
  name: string;
  created_at: number;
  auto: number;
  element_count: number;
  upto_seq: number;
}

interface SessionRow {
  session_id: string;
  room_id: string;
  started_at: number;
  ended_at: number | null;
  participants: string;
  auto_snapshot_id: string | null;
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
  return {
    snapshotId: row.snapshot_id,
    roomId: row.room_id,
    name: row.name,
    createdAt: row.created_at,
    auto: row.auto === 1,
    elementCount: row.element_count,
    uptoSeq: row.upto_seq,
  };
}

function toSession(row: SessionRow): SessionRecord {
  let participants: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.participants);
    if (Array.isArray(parsed)) participants = parsed.filter((p): p is string => typeof p === 'string');
  } catch {
    // A corrupt list reads as empty rather than failing the whole listing.
  }
  return {
    sessionId: row.session_id,
    roomId: row.room_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    participants,
    autoSnapshotId: row.auto_snapshot_id,
  };
}

interface PendingAppend {
  roomId: string;
  data: Uint8Array;
  createdAt: number;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

const MINUTE_MS = 60_000;
/** Journaled updates wait this long before they are moved into the log table, in one transaction. */
const FOLD_DELAY_MS = 1000;
/** ...or less, once this many are waiting. */
const FOLD_MAX_RECORDS = 2000;
const FOLD_MAX_BYTES = 4 * 1024 * 1024;
/** Log rows moved from the journal per INSERT statement (4 parameters each, well under SQLite's limit). */
const LOG_ROWS_PER_INSERT = 64;
/** Log rows read and merged per transaction, so a long history never blocks the event loop for long. */
const MERGE_PAGE_ROWS = 2000;

interface MergeRow {
  seq: number;
  created_at: number;
  data: Buffer;
}

/**
 * Consecutive rows grouped by the minute they were written in, oldest first.
 * A snapshot boundary (the last seq a snapshot covers) also ends a group, so
 * merging never makes a snapshot's exact moment unreachable in the history.
 */
function bucketByMinute(rows: MergeRow[], boundaries: readonly number[] = []): MergeRow[][] {
  const buckets: MergeRow[][] = [];
  let current: MergeRow[] | null = null;
  let currentMinute = NaN;
  let previousSeq = -Infinity;
  for (const row of rows) {
    const minute = Math.floor(row.created_at / MINUTE_MS);
    const crossesSnapshot = boundaries.some((seq) => seq >= previousSeq && seq < row.seq);
    previousSeq = row.seq;
    if (!current || minute !== currentMinute || crossesSnapshot) {
      current = [];
      currentMinute = minute;
      buckets.push(current);
    }
    current.push(row);
  }
  return buckets;
}

function toRecord(row: RoomRow): RoomRecord {
  return {
    roomId: row.room_id,
    editId: row.edit_id,
    viewId: row.view_id,
    ownerKeyHash: row.owner_key_hash,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    elementCount: row.element_count,
  };
}

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests that do not need a file. */
  filename: string;
  /** Injected clock, ms since epoch (tests simulate time with it). */
  now?: () => number;
  /**
   * A checkpoint is also kept as a history anchor once the log written since
   * the newest anchor is this many times larger than the state: replaying a
   * past moment then reads at most about that much log, and anchors add at
   * most 1/this of the log's size to storage.
   */
  historyAnchorLogRatio?: number;
  /** Told about failures of background work (moving journaled updates into the log table); they are retried. */
  onBackgroundError?: (error: unknown) => void;
}

/** Per room, the time of its newest record: what rooms.updated_at moves to when they are stored. */
function newestByRoom(records: readonly JournalRecord[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const record of records) newest.set(record.roomId, Math.max(newest.get(record.roomId) ?? 0, record.createdAt));
  return newest;
}

/** How appends reach the disk: copied into the mapped journal, written to it, or straight into SQLite (in memory). */
export type JournalMode = 'mapped' | 'written' | 'none';

const DEFAULT_HISTORY_ANCHOR_LOG_RATIO = 4;

/**
 * The embedded store: one SQLite file in WAL mode, and an update journal beside
 * it (UpdateJournal.ts). Appends are group-committed: every append made during
 * one event-loop turn is stored in the journal as one batch at the end of the
 * turn, and each promise resolves only after that, when the update survives a
 * killed process. Journaled updates move into the log table about a second
 * later, many per transaction; every read of the log moves them first, so
 * reads see every resolved append. (A transaction per turn cost several times
 * more CPU than relaying the update to a room of ten.) Like WAL with
 * synchronous=NORMAL, neither file is fsynced per append: a power loss can lose
 * the last moments.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly historyAnchorLogRatio: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** Null for an in-memory database, which is not durable anyway: appends go straight to the table. */
  private readonly journal: UpdateJournal | null;
  /** Journaled appends not yet in the log table, in sequence order. */
  private unfolded: JournalRecord[] = [];
  /** Per room, the time of its newest journaled append not yet in the log table (and in rooms.updated_at). */
  private readonly unfoldedUpdatedAt = new Map<string, number>();
  private unfoldedBytes = 0;
  private foldTimer: NodeJS.Timeout | null = null;
  private nextSeq: number;
  private readonly onBackgroundError: (error: unknown) => void;
  /** Inserts log rows and moves each room's updated_at to `newest` (see newestByRoom), in one transaction. */
  private readonly insertIntoLog: (records: readonly JournalRecord[], newest: ReadonlyMap<string, number>) => void;
  private closed = false;
  /** Per room, the cutoff of the last completed merge (in memory: after a restart the first merge rescans). */
  private readonly mergedBefore = new Map<string, number>();

  private readonly statements;
  /** Multi-row inserts into the log, by row count (up to LOG_ROWS_PER_INSERT), prepared on first use. */
  private readonly insertsOfRows = new Map<number, Database.Statement<(number | string | Uint8Array)[]>>();

  constructor(options: SqliteStoreOptions) {
    if (options.filename !== ':memory:') fs.mkdirSync(path.dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? Date.now;
    this.historyAnchorLogRatio = options.historyAnchorLogRatio ?? DEFAULT_HISTORY_ANCHOR_LOG_RATIO;
    this.statements = {
      insertRoom: this.db.prepare(
        `INSERT INTO rooms (room_id, edit_id, view_id, owner_key_hash, title, created_at, updated_at, element_count)
         VALUES (@roomId, @editId, @viewId, @ownerKeyHash, @title, @createdAt, @updatedAt, @elementCount)`,
      ),
      roomByEditId: this.db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE edit_id = ?'),
      roomByViewId: this.db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE view_id = ?'),
      roomById: this.db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE room_id = ?'),
      touchRoom: this.db.prepare<[number, string]>('UPDATE rooms SET updated_at = ? WHERE room_id = ?'),
      summarizeRoom: this.db.prepare<[string, number, string]>(
        'UPDATE rooms SET title = ?, element_count = ? WHERE room_id = ?',
      ),
      highestSeq: this.db.prepare<[], { seq: number | null }>(
        `SELECT MAX(seq) AS seq FROM (SELECT MAX(seq) AS seq FROM updates UNION ALL SELECT MAX(upto_seq) FROM checkpoints
         UNION ALL SELECT MAX(upto_seq) FROM snapshots UNION ALL SELECT MAX(upto_seq) FROM history_anchors)`,
      ),
      insertUpdateWithSeq: this.db.prepare<[number, string, number, Uint8Array]>(
        'INSERT INTO updates (seq, room_id, created_at, data) VALUES (?, ?, ?, ?)',
      ),
      latestCheckpoint: this.db.prepare<[string], { upto_seq: number; state: Buffer }>(
        'SELECT upto_seq, state FROM checkpoints WHERE room_id = ? ORDER BY upto_seq DESC LIMIT 1',
      ),
      updatesAfter: this.db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE room_id = ? AND seq > ? ORDER BY seq',
      ),
      lastSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE room_id = ?'),
      lastSnapshotSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(upto_seq) AS seq FROM snapshots WHERE room_id = ?'),
      insertCheckpoint: this.db.prepare<[string, number, number, Uint8Array]>(
        'INSERT OR REPLACE INTO checkpoints (room_id, upto_seq, created_at, state) VALUES (?, ?, ?, ?)',
      ),
      deleteOlderCheckpoints: this.db.prepare<[string, number]>(
        'DELETE FROM checkpoints WHERE room_id = ? AND upto_seq < ?',
      ),
      updatesToMerge: this.db.prepare<[string, number, number, number, number], MergeRow>(
        `SELECT seq, created_at, data FROM updates
         WHERE room_id = ? AND created_at >= ? AND created_at < ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      deleteUpdate: this.db.prepare<[number]>('DELETE FROM updates WHERE seq = ?'),
      insertSnapshot: this.db.prepare(
        `INSERT INTO snapshots (snapshot_id, room_id, name, created_at, auto, element_count, upto_seq, state)
         VALUES (@snapshotId, @roomId, @name, @createdAt, @auto, @elementCount, @uptoSeq, @state)`,
      ),
      listSnapshots: this.db.prepare<[string], SnapshotRow>(
        `SELECT snapshot_id, room_id, name, created_at, auto, element_count, upto_seq
         FROM snapshots WHERE room_id = ? ORDER BY created_at, rowid`,
      ),
      getSnapshot: this.db.prepare<[string, string], SnapshotRow>(
        `SELECT snapshot_id, room_id, name, created_at, auto, element_count, upto_seq
         FROM snapshots WHERE room_id = ? AND snapshot_id = ?`,
      ),
      getSnapshotState: this.db.prepare<[string, string], { state: Buffer }>(
        'SELECT state FROM snapshots WHERE room_id = ? AND snapshot_id = ?',
      ),
      deleteSnapshot: this.db.prepare<[string, string]>('DELETE FROM snapshots WHERE room_id = ? AND snapshot_id = ?'),
      snapshotSeqs: this.db.prepare<[string], { upto_seq: number }>(
        'SELECT DISTINCT upto_seq FROM snapshots WHERE room_id = ? ORDER BY upto_seq',
      ),
      insertSession: this.db.prepare(
        `INSERT INTO sessions (session_id, room_id, started_at, ended_at, participants, auto_snapshot_id)
         VALUES (@sessionId, @roomId, @startedAt, @endedAt, @participants, @autoSnapshotId)`,
      ),
      endSession: this.db.prepare<[number, string, string | null, string]>(
        'UPDATE sessions SET ended_at = ?, participants = ?, auto_snapshot_id = ? WHERE session_id = ?',
      ),
      listSessions: this.db.prepare<[string], SessionRow>(
        'SELECT * FROM sessions WHERE room_id = ? ORDER BY started_at DESC, rowid DESC',
      ),
      historyUpTo: this.db.prepare<[string, number], { seq: number; created_at: number; data: Buffer }>(
        'SELECT seq, created_at, data FROM updates WHERE room_id = ? AND created_at <= ? ORDER BY seq',
      ),
      logBytesSinceAnchor: this.db.prepare<[string, string], { bytes: number | null }>(
        `SELECT SUM(LENGTH(data)) AS bytes FROM updates WHERE room_id = ?
         AND seq > COALESCE((SELECT MAX(upto_seq) FROM history_anchors WHERE room_id = ?), -1)`,
      ),
      hasAnchor: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM history_anchors WHERE room_id = ? LIMIT 1'),
      insertAnchor: this.db.prepare<[string, number, number, Uint8Array]>(
        'INSERT OR REPLACE INTO history_anchors (room_id, upto_seq, created_at, state) VALUES (?, ?, ?, ?)',
      ),
      anchorAt: this.db.prepare<[string, number], { upto_seq: number; state: Buffer }>(
        'SELECT upto_seq, state FROM history_anchors WHERE room_id = ? AND created_at <= ? ORDER BY upto_seq DESC LIMIT 1',
      ),
      anchorSeqs: this.db.prepare<[string], { upto_seq: number }>('SELECT upto_seq FROM history_anchors WHERE room_id = ?'),
      historyBetween: this.db.prepare<[string, number, number], { seq: number; created_at: number; data: Buffer }>(
        'SELECT seq, created_at, data FROM updates WHERE room_id = ? AND seq > ? AND created_at <= ? ORDER BY seq',
      ),
      historyTimes: this.db.prepare<[string, number], { created_at: number }>(
        'SELECT created_at FROM (SELECT created_at, seq FROM updates WHERE room_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      logSize: this.db.prepare<[string], { entries: number; bytes: number | null }>(
        'SELECT COUNT(*) AS entries, SUM(LENGTH(data)) AS bytes FROM updates WHERE room_id = ?',
      ),
      checkpointSize: this.db.prepare<[string], { bytes: number | null }>(
        'SELECT SUM(LENGTH(state)) AS bytes FROM checkpoints WHERE room_id = ?',
      ),
      anchorSize: this.db.prepare<[string], { count: number; bytes: number | null }>(
        'SELECT COUNT(*) AS count, SUM(LENGTH(state)) AS bytes FROM history_anchors WHERE room_id = ?',
      ),
    };
    this.insertIntoLog = this.db.transaction((records: readonly JournalRecord[], newest: ReadonlyMap<string, number>) => {
      for (let start = 0; start < records.length; start += LOG_ROWS_PER_INSERT) {
        const chunk = records.slice(start, start + LOG_ROWS_PER_INSERT);
        const values: (number | string | Uint8Array)[] = [];
        for (const record of chunk) values.push(record.seq, record.roomId, record.createdAt, record.data);
        this.insertUpdatesIfAbsent(chunk.length).run(...values);
      }
      for (const [roomId, at] of newest) this.statements.touchRoom.run(at, roomId);
    });
    this.onBackgroundError = options.onBackgroundError ?? (() => {});
    if (options.filename === ':memory:') {
      this.journal = null;
    } else {
      const { journal, records } = UpdateJournal.open(`${options.filename}.updates.log`);
      this.journal = journal;
      // What a previous process journaled but did not move yet.
      if (records.length > 0) this.insertIntoLog(records, newestByRoom(records));
      journal.clear();
    }
    this.nextSeq = (this.statements.highestSeq.get()?.seq ?? 0) + 1;
  }

  /** `INSERT OR IGNORE` of `rows` log rows in one statement: a statement per row cost a quarter more per row. */
  private insertUpdatesIfAbsent(rows: number): Database.Statement<(number | string | Uint8Array)[]> {
    let statement = this.insertsOfRows.get(rows);
    if (!statement) {
      // OR IGNORE: after a crash between moving records and emptying the journal, they are moved again.
      statement = this.db.prepare(`INSERT OR IGNORE INTO updates (seq, room_id, created_at, data) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`);
      this.insertsOfRows.set(rows, statement);
    }
    return statement;
  }

  get journalMode(): JournalMode {
    if (!this.journal) return 'none';
    return this.journal.mapped ? 'mapped' : 'written';
  }

  async createRoom(room: RoomRecord, initialUpdate?: Uint8Array): Promise<void> {
    this.fold();
    this.db.transaction(() => {
      this.statements.insertRoom.run(room);
      if (initialUpdate) this.insertUpdatesIfAbsent(1).run(this.nextSeq, room.roomId, room.createdAt, initialUpdate);
    })();
    if (initialUpdate) this.nextSeq += 1;
  }

  async findRoomByAccessId(id: string): Promise<RoomAccess | undefined> {
    const edit = this.statements.roomByEditId.get(id);
    if (edit) return { room: this.withUnfolded(edit), role: 'editor' satisfies Role };
    const view = this.statements.roomByViewId.get(id);
    if (view) return { room: this.withUnfolded(view), role: 'viewer' satisfies Role };
    return undefined;
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    const row = this.statements.roomById.get(roomId);
    return row ? this.withUnfolded(row) : undefined;
  }

  /**
   * A room's row, with the time of its newest journaled update when that has not
   * moved into the table yet. Every WebSocket connect reads a room: it must not
   * cost a transaction while updates flow.
   */
  private withUnfolded(row: RoomRow): RoomRecord {
    const record = toRecord(row);
    const unfoldedAt = this.unfoldedUpdatedAt.get(record.roomId);
    if (unfoldedAt !== undefined && unfoldedAt > record.updatedAt) record.updatedAt = unfoldedAt;
    return record;
  }

  async loadDocument(roomId: string): Promise<StoredDocument> {
    this.fold();
    return this.db.transaction((): StoredDocument => {
      const checkpoint = this.statements.latestCheckpoint.get(roomId);
      const checkpointSeq = checkpoint?.upto_seq ?? 0;
      const rows = this.statements.updatesAfter.all(roomId, checkpointSeq);
      let updateBytes = 0;
      const updates = rows.map((row) => {
        updateBytes += row.data.byteLength;
        return bytes(row.data);
      });
      const lastRow = rows[rows.length - 1];
      const lastSeq = lastRow ? lastRow.seq : (this.statements.lastSeq.get(roomId)?.seq ?? checkpointSeq);
      return {
        checkpoint: checkpoint ? bytes(checkpoint.state) : null,
        checkpointSeq,
        updates,
        lastSeq: Math.max(lastSeq, checkpointSeq),
        updateBytes,
        snapshotSeq: this.statements.lastSnapshotSeq.get(roomId)?.seq ?? 0,
      };
    })();
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ roomId, data: update, createdAt: this.now(), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Journals every pending append as one batch, then resolves them in order. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const firstSeq = this.nextSeq;
    const records = batch.map((entry, i): JournalRecord => ({ seq: firstSeq + i, roomId: entry.roomId, createdAt: entry.createdAt, data: entry.data }));
    try {
      if (this.journal) {
        this.journal.append(records);
      } else {
        this.insertIntoLog(records, newestByRoom(records));
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    this.nextSeq += records.length;
    if (this.journal) {
      for (const record of records) {
        this.unfolded.push(record);
        this.unfoldedBytes += record.data.byteLength;
        this.unfoldedUpdatedAt.set(record.roomId, Math.max(this.unfoldedUpdatedAt.get(record.roomId) ?? 0, record.createdAt));
      }
      this.scheduleFold();
    }
    batch.forEach((entry, i) => entry.resolve(firstSeq + i));
  }

  private scheduleFold(): void {
    const due = this.unfolded.length >= FOLD_MAX_RECORDS || this.unfoldedBytes >= FOLD_MAX_BYTES;
    if (this.foldTimer && !due) return;
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.foldTimer = setTimeout(() => {
      this.foldTimer = null;
      try {
        this.fold();
      } catch (error) {
        // The records stay journaled and in memory; the next append or read tries again.
        this.onBackgroundError(error);
      }
    }, due ? 0 : FOLD_DELAY_MS);
    this.foldTimer.unref();
  }

  /** Moves journaled updates into the log table, in one transaction, and empties the journal. */
  private fold(): void {
    if (this.unfolded.length === 0) return;
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.foldTimer = null;
    // The newest time per room was kept as the records were journaled.
    this.insertIntoLog(this.unfolded, this.unfoldedUpdatedAt);
    this.unfolded = [];
    this.unfoldedBytes = 0;
    this.unfoldedUpdatedAt.clear();
    this.journal?.clear();
  }

  async writeCheckpoint(roomId: string, state: Uint8Array, uptoSeq: number, summary: RoomSummary): Promise<void> {
    this.fold();
    const now = this.now();
    const anchorDue =
      !this.statements.hasAnchor.get(roomId) ||
      (this.statements.logBytesSinceAnchor.get(roomId, roomId)?.bytes ?? 0) > this.historyAnchorLogRatio * state.byteLength;
    this.db.transaction(() => {
      this.statements.insertCheckpoint.run(roomId, uptoSeq, now, state);
      if (anchorDue) this.statements.insertAnchor.run(roomId, uptoSeq, now, state);
      this.statements.deleteOlderCheckpoints.run(roomId, uptoSeq);
      this.statements.summarizeRoom.run(summary.title, summary.elementCount, roomId);
    })();
  }

  async mergeLog(roomId: string, olderThan: number, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    this.fold();
    // Minutes before the last merge's cutoff are already one entry each: start just before it.
    const watermark = this.mergedBefore.get(roomId) ?? 0;
    const from = Math.max(0, Math.floor(watermark / MINUTE_MS) * MINUTE_MS - MINUTE_MS);
    // Snapshots and history anchors are exact points in the history: no merged entry may straddle one.
    const snapshotSeqs = [
      ...this.statements.snapshotSeqs.all(roomId).map((row) => row.upto_seq),
      ...this.statements.anchorSeqs.all(roomId).map((row) => row.upto_seq),
    ];
    let afterSeq = 0;
    let removed = 0;
    for (;;) {
      const page = this.statements.updatesToMerge.all(roomId, from, olderThan, afterSeq, MERGE_PAGE_ROWS);
      if (page.length === 0) break;
      const buckets = bucketByMinute(page, snapshotSeqs);
      // A full page may end inside a minute: leave that minute for the next page, unless it is the only one.
      if (page.length === MERGE_PAGE_ROWS && buckets.length > 1) buckets.pop();
      removed += this.mergeBuckets(roomId, buckets, merge);
      const lastBucket = buckets[buckets.length - 1]!;
      afterSeq = lastBucket[lastBucket.length - 1]!.seq;
      if (page.length < MERGE_PAGE_ROWS) break;
      // Long histories are merged a page at a time, letting other rooms' traffic through in between.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return removed;
    }
    this.mergedBefore.set(roomId, Math.max(watermark, olderThan));
    return removed;
  }

  private mergeBuckets(roomId: string, buckets: MergeRow[][], merge: (updates: Uint8Array[]) => Uint8Array): number {
    const merges: { bucket: MergeRow[]; merged: Uint8Array }[] = [];
    for (const bucket of buckets) {
      if (bucket.length < 2) continue;
      try {
        merges.push({ bucket, merged: merge(bucket.map((row) => bytes(row.data))) });
      } catch {
        // A minute holding an entry that cannot be merged stays as it is: nothing is lost.
      }
    }
    let removed = 0;
    this.db.transaction(() => {
      for (const { bucket, merged } of merges) {
        const last = bucket[bucket.length - 1]!;
        for (const row of bucket) this.statements.deleteUpdate.run(row.seq);
        // The merged entry keeps the newest sequence number and time of its minute,
        // so "everything after checkpoint N" and "state at time T" stay correct.
        this.statements.insertUpdateWithSeq.run(last.seq, roomId, last.created_at, merged);
        removed += bucket.length - 1;
      }
    })();
    return removed;
  }


  async createSnapshot(snapshot: SnapshotRecord, state: Uint8Array): Promise<void> {
    this.statements.insertSnapshot.run({ ...snapshot, auto: snapshot.auto ? 1 : 0, state });
  }

  async listSnapshots(roomId: string): Promise<SnapshotRecord[]> {
    return this.statements.listSnapshots.all(roomId).map(toSnapshot);
  }

  async getSnapshot(roomId: string, snapshotId: string): Promise<SnapshotRecord | undefined> {
    const row = this.statements.getSnapshot.get(roomId, snapshotId);
    return row ? toSnapshot(row) : undefined;
  }

  async getSnapshotState(roomId: string, snapshotId: string): Promise<Uint8Array | undefined> {
    const row = this.statements.getSnapshotState.get(roomId, snapshotId);
    return row ? bytes(row.state) : undefined;
  }

  async deleteSnapshot(roomId: string, snapshotId: string): Promise<boolean> {
    return this.statements.deleteSnapshot.run(roomId, snapshotId).changes > 0;
  }

  async startSession(session: SessionRecord): Promise<void> {
    this.statements.insertSession.run({ ...session, participants: JSON.stringify(session.participants) });
  }

  async endSession(sessionId: string, endedAt: number, participants: string[], autoSnapshotId: string | null): Promise<void> {
    this.statements.endSession.run(endedAt, JSON.stringify(participants), autoSnapshotId, sessionId);
  }

  async listSessions(roomId: string): Promise<SessionRecord[]> {
    return this.statements.listSessions.all(roomId).map(toSession);
  }

  async historyUpTo(roomId: string, at: number): Promise<HistoryEntry[]> {
    this.fold();
    return this.statements.historyUpTo.all(roomId, at).map((row) => ({ seq: row.seq, at: row.created_at, update: bytes(row.data) }));
  }

  async historyAt(roomId: string, at: number): Promise<{ base: Uint8Array | null; entries: HistoryEntry[] }> {
    this.fold();
    return this.db.transaction(() => {
      const anchor = this.statements.anchorAt.get(roomId, at);
      const rows = this.statements.historyBetween.all(roomId, anchor?.upto_seq ?? 0, at);
      return {
        base: anchor ? bytes(anchor.state) : null,
        entries: rows.map((row) => ({ seq: row.seq, at: row.created_at, update: bytes(row.data) })),
      };
    })();
  }

  async historyTimes(roomId: string, limit: number): Promise<number[]> {
    this.fold();
    return this.statements.historyTimes.all(roomId, limit).map((row) => row.created_at);
  }

  async storedSize(roomId: string): Promise<{ logEntries: number; logBytes: number; checkpointBytes: number; anchors: number; anchorBytes: number }> {
    this.fold();
    const log = this.statements.logSize.get(roomId);
    const checkpoint = this.statements.checkpointSize.get(roomId);
    const anchors = this.statements.anchorSize.get(roomId);
    return {
      logEntries: log?.entries ?? 0,
      logBytes: log?.bytes ?? 0,
      checkpointBytes: checkpoint?.bytes ?? 0,
      anchors: anchors?.count ?? 0,
      anchorBytes: anchors?.bytes ?? 0,
    };
  }


  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    try {
      // Left in the journal if this fails: the next start moves them.
      this.fold();
    } finally {
      this.journal?.close();
      this.db.close();
    }
  }
}
