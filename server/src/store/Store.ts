import type { Role } from '@idea-board/shared';

/**
 * Storage behind the server: rooms (with their capabilities), an append-only
 * update log per room, and compacted checkpoints. SQLite implements it now;
 * a Postgres store implements the same interface and passes the same
 * contract tests (test/store.contract.ts).
 */

export interface RoomRecord {
  /** Internal, stable key; never shown to clients (edit and view ids can be reissued). */
  roomId: string;
  editId: string;
  viewId: string;
  /** SHA-256 of the owner key, hex; the key itself is shown once, at creation. */
  ownerKeyHash: string;
  title: string;
  /** ms since epoch */
  createdAt: number;
  /** ms since epoch of the last stored change */
  updatedAt: number;
  /** Elements on the board as of the last checkpoint. */
  elementCount: number;
}

export interface RoomAccess {
  room: RoomRecord;
  role: Role;
}

/** What a room needs to rebuild its document. */
export interface StoredDocument {
  /** Latest checkpoint (a full Yjs state update), if any. */
  checkpoint: Uint8Array | null;
  /** Log sequence number the checkpoint covers (0 when none). */
  checkpointSeq: number;
  /** Log entries after the checkpoint, in order. */
  updates: Uint8Array[];
  /** Sequence number of the newest log entry (0 when none). */
  lastSeq: number;
  /** Bytes of the log entries after the checkpoint. */
  updateBytes: number;
  /** Log position the newest snapshot covers (0 when none): "changed since the last snapshot" compares with it. */
  snapshotSeq: number;
}

/** Board-level facts written along with a checkpoint, for listings. */
export interface RoomSummary {
  title: string;
  elementCount: number;
}

export interface SnapshotRecord {
  snapshotId: string;
  roomId: string;
  name: string;
  /** ms since epoch */
  createdAt: number;
  /** Taken automatically when a session ended. */
  auto: boolean;
  elementCount: number;
  /** The log sequence number the snapshot's state covers; log merging never crosses it. */
  uptoSeq: number;
}

/** One session of a board: from the first join to the last leave. */
export interface SessionRecord {
  sessionId: string;
  roomId: string;
  startedAt: number;
  /** null while the session is going on (or when the node died during it). */
  endedAt: number | null;
  /** Display names that took part. */
  participants: string[];
  autoSnapshotId: string | null;
}

/** One entry of a board's history: when it changed, and the change. */
export interface HistoryEntry {
  seq: number;
  /** ms since epoch */
  at: number;
  update: Uint8Array;
}

export interface Store {
  /** Creates the room; `initialUpdate` (if any) becomes its first log entry. */
  createRoom(room: RoomRecord, initialUpdate?: Uint8Array): Promise<void>;
  /** The room an edit id or a view id belongs to, with the role that id grants. */
  findRoomByAccessId(id: string): Promise<RoomAccess | undefined>;
  getRoom(roomId: string): Promise<RoomRecord | undefined>;
  loadDocument(roomId: string): Promise<StoredDocument>;
  /**
   * Appends one update to the room's log. Resolves with its sequence number
   * once it is durable; calls made in the same event-loop turn share one commit.
   */
  appendUpdate(roomId: string, update: Uint8Array): Promise<number>;
  /**
   * Stores the room's full state as covering the log up to `uptoSeq`; drops
   * older checkpoints. Now and then (see the implementation) the state is also
   * kept as a history anchor, so past states load without replaying the whole log.
   */
  writeCheckpoint(roomId: string, state: Uint8Array, uptoSeq: number, summary: RoomSummary): Promise<void>;
  /**
   * Merges log entries older than `olderThan` (ms since epoch) into one entry
   * per minute, so storage stays bounded while history keeps minute resolution.
   * Resolves with the number of entries removed.
   */
  mergeLog(roomId: string, olderThan: number, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number>;
  /** Stores an immutable snapshot of a room's state. */
  createSnapshot(snapshot: SnapshotRecord, state: Uint8Array): Promise<void>;
  /** A room's snapshots, oldest first. */
  listSnapshots(roomId: string): Promise<SnapshotRecord[]>;
  getSnapshot(roomId: string, snapshotId: string): Promise<SnapshotRecord | undefined>;
  getSnapshotState(roomId: string, snapshotId: string): Promise<Uint8Array | undefined>;
  /** Resolves with whether a snapshot was deleted. */
  deleteSnapshot(roomId: string, snapshotId: string): Promise<boolean>;
  startSession(session: SessionRecord): Promise<void>;
  endSession(sessionId: string, endedAt: number, participants: string[], autoSnapshotId: string | null): Promise<void>;
  /** A room's sessions, newest first. */
  listSessions(roomId: string): Promise<SessionRecord[]>;
  /** The log entries written at or before `at` (ms since epoch), in order: the board's state at that time. */
  historyUpTo(roomId: string, at: number): Promise<HistoryEntry[]>;
  /**
   * What rebuilds the board as it was at `at`: the newest history anchor (a
   * full state kept for this purpose) written at or before `at`, and the log
   * entries after it up to `at`. Cheaper than `historyUpTo` for old boards.
   */
  historyAt(roomId: string, at: number): Promise<{ base: Uint8Array | null; entries: HistoryEntry[] }>;
  /** The times (ms since epoch) at which the board changed, oldest first, at most `limit` (the newest). */
  historyTimes(roomId: string, limit: number): Promise<number[]>;
  /** Bytes and entries of a room's stored data, for limits and reports. */
  storedSize(roomId: string): Promise<{ logEntries: number; logBytes: number; checkpointBytes: number; anchors: number; anchorBytes: number }>;
  close(): Promise<void>;
}
