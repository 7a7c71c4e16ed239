import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { CloseCode } from '@idea-board/shared';
import type { Store } from '../store/Store.js';
import type { Limits, CompactionSettings } from '../config.js';
import { RoomConnection } from './RoomConnection.js';
import {
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyStateVector,
  isEmptyUpdate,
} from './protocol.js';
import { summarizeDocument } from './summary.js';
import { BoardPreview } from './BoardPreview.js';
import { newRandomId } from '@idea-board/shared';
import type { SnapshotRecord } from '../store/Store.js';
import { restoreChange } from '../history/restoreChange.js';
import { docFromState } from '../history/historyState.js';
import { checkpointDue } from './checkpointPolicy.js';

export interface RoomOptions {
  roomId: string;
  store: Store;
  limits: Limits;
  compaction: CompactionSettings;
  logger: Logger;
  /** Called when the room's storage failed and the room must be dropped from memory. */
  onFatal: (room: Room) => void;
  /** Clock, ms since epoch (tests simulate time with it). */
  now?: () => number;
}

/** Origin of transactions the server makes itself (not a client). */
export const SERVER_ORIGIN = Symbol('server');

/**
 * One open board on this node: the Y.Doc, its awareness and its connections.
 * Every update is applied, appended to the store and, once durable, sent to
 * every connection of the room (its sender too: the echo means "saved").
 */
export class Room {
  readonly roomId: string;
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Set<RoomConnection>();
  private readonly store: Store;
  private readonly limits: Limits;
  private readonly compaction: CompactionSettings;
  private readonly logger: Logger;
  private readonly onFatal: (room: Room) => void;
  private readonly now: () => number;

  /** Resolves when every update applied so far is durable. */
  private durable: Promise<unknown> = Promise.resolve();
  private lastDurableSeq = 0;
  private checkpointSeq = 0;
  private updatesSinceCheckpoint = 0;
  private bytesSinceCheckpoint = 0;
  /** Size of the newest checkpoint (the encoded state it holds); the interval to the next grows with it. */
  private checkpointBytes = 0;
  /** Approximate stored size of the board: checkpoint plus log tail. */
  private storedBytes = 0;
  private checkpointRunning: Promise<void> | null = null;
  private failed = false;
  /** Log position covered by the newest snapshot: "changed since the last snapshot" compares with it. */
  private lastSnapshotSeq = 0;
  /** The board as a page shows it while it syncs (GET /api/rooms/<id>/preview). */
  readonly preview: BoardPreview;
  /** The whole board as one update, until the next change: checkpoints, snapshots and first visits share it. */
  private stateCache: Uint8Array | null = null;
  /** Sync step 2 for a client that has nothing yet (the whole board), until the next change. */
  private fullStateReply: Uint8Array | null = null;
  /** The session going on (first join to last leave), once someone has joined. */
  private session: { sessionId: string; startedAt: number; participants: Set<string>; edits: number } | null = null;

  private constructor(options: RoomOptions) {
    this.roomId = options.roomId;
    this.store = options.store;
    this.limits = options.limits;
    this.compaction = options.compaction;
    this.logger = options.logger.child({ roomId: options.roomId });
    this.onFatal = options.onFatal;
    this.now = options.now ?? Date.now;
    this.preview = new BoardPreview(this.doc, this.now);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    // Whatever changes the document (cheaper to hear of than 'update', which makes Yjs encode each change).
    this.doc.on('afterTransaction', this.forgetEncodings);
  }

  private readonly forgetEncodings = (): void => {
    this.preview.forget();
    this.stateCache = null;
    this.fullStateReply = null;
  };

  /** Builds the room from storage; the room answers nobody before this resolves. */
  static async load(options: RoomOptions): Promise<Room> {
    const room = new Room(options);
    const stored = await options.store.loadDocument(options.roomId);
    Y.transact(
      room.doc,
      () => {
        if (stored.checkpoint) Y.applyUpdate(room.doc, stored.checkpoint);
        for (const update of stored.updates) {
          try {
            Y.applyUpdate(room.doc, update);
          } catch (error) {
            // Only validated updates are stored; one that fails now is logged, not fatal.
            room.logger.error({ err: error }, 'stored update does not apply');
          }
        }
      },
      SERVER_ORIGIN,
    );
    // With no log after it (an unload writes a checkpoint), the checkpoint is the board's state:
    // its bytes answer first visits until the next change, instead of encoding a large board again.
    if (stored.checkpoint && stored.updates.length === 0) room.stateCache = stored.checkpoint;
    room.checkpointSeq = stored.checkpointSeq;
    room.checkpointBytes = stored.checkpoint?.byteLength ?? 0;
    room.lastDurableSeq = stored.lastSeq;
    room.updatesSinceCheckpoint = stored.updates.length;
    room.bytesSinceCheckpoint = stored.updateBytes;
    room.storedBytes = (stored.checkpoint?.byteLength ?? 0) + stored.updateBytes;
    room.lastSnapshotSeq = stored.snapshotSeq;
    return room;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get hasUnsavedWork(): boolean {
    return this.updatesSinceCheckpoint > 0;
  }

  /** Adds a connection and starts the sync: step 1 from us, and everyone's awareness. */
  join(connection: RoomConnection): void {
    this.connections.add(connection);
    if (!this.session) this.startSession();
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /** Removes a connection and the awareness states it owned. */
  leave(connection: RoomConnection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClientIds], connection);
    }
  }

  /** Handles one binary message from a connection; bad input closes that connection only. */
  receive(connection: RoomConnection, data: Uint8Array): void {
    if (connection.isClosed || this.failed) return;
    try {
      const message = decodeClientMessage(data);
      switch (message.kind) {
        case 'syncStep1':
          this.answerSyncStep1(connection, message.stateVector);
          break;
        case 'syncStep2':
        case 'update':
          if (!connection.allowUpdate(this.limits.maxUpdatesPerSecond, this.now())) {
            connection.close(CloseCode.rateLimited, `more than ${this.limits.maxUpdatesPerSecond} updates per second`);
            return;
          }
          this.applyClientUpdate(connection, message.update);
          break;
        case 'awareness':
          connection.throttleAwareness(message.update, (update) => this.applyAwareness(connection, update));
          break;
        case 'queryAwareness':
          connection.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])),
          );
          break;
        case 'auth':
          break;
      }
    } catch (error) {
      if (error instanceof ProtocolError) {
        connection.close(error.closeCode, error.message);
      } else {
        this.logger.warn({ err: error }, 'message handling failed');
        connection.close(CloseCode.invalidPayload, 'message could not be processed');
      }
    }
  }

  /** The diff is taken now, and sent once everything in it is durable. */
  private answerSyncStep1(connection: RoomConnection, stateVector: Uint8Array): void {
    let reply: Uint8Array;
    if (isEmptyStateVector(stateVector)) {
      // Every first visit asks for the whole board: encoded once per change, not once per visitor
      // (and one message object, so the transport frames it once too).
      this.fullStateReply ??= encodeSyncStep2(this.encodedState());
      reply = this.fullStateReply;
    } else {
      let diff: Uint8Array;
      try {
        diff = Y.encodeStateAsUpdate(this.doc, stateVector);
      } catch {
        throw new ProtocolError('malformed state vector', CloseCode.invalidPayload);
      }
      reply = encodeSyncStep2(diff);
    }
    void this.durable.then(() => connection.send(reply));
  }

  private applyClientUpdate(connection: RoomConnection, update: Uint8Array): void {
    if (isEmptyUpdate(update)) return;
    if (connection.role !== 'editor') {
      connection.denyWrite('this link is view-only: changes are not saved');
      return;
    }
    if (this.storedBytes + update.byteLength > this.limits.maxDocumentBytes) {
      connection.close(CloseCode.documentTooLarge, 'board is over its size limit');
      return;
    }
    try {
      // Parse fully before touching the document, so a malformed update cannot half-apply.
      Y.decodeUpdate(update);
      Y.applyUpdate(this.doc, update, connection);
    } catch {
      throw new ProtocolError('update does not apply', CloseCode.invalidPayload);
    }
    if (this.session) this.session.edits += 1;
    this.commit(update);
  }

  /** Applies an update made by the server itself (room creation, restore), with the same durability. */
  applyServerUpdate(update: Uint8Array): Promise<void> {
    Y.applyUpdate(this.doc, update, SERVER_ORIGIN);
    return this.commit(update);
  }

  private encodedState(): Uint8Array {
    this.stateCache ??= Y.encodeStateAsUpdate(this.doc);
    return this.stateCache;
  }

  /** Appends to the store, then relays to every connection once durable. */
  private commit(update: Uint8Array): Promise<void> {
    this.storedBytes += update.byteLength;
    const message = encodeUpdate(update);
    const appended = this.store.appendUpdate(this.roomId, update).then(
      (seq) => {
        this.lastDurableSeq = seq;
        this.updatesSinceCheckpoint += 1;
        this.bytesSinceCheckpoint += update.byteLength;
        for (const connection of this.connections) connection.send(message);
        this.maybeCheckpoint();
      },
      (error: unknown) => this.fail(error),
    );
    this.durable = appended;
    return appended;
  }

  private applyAwareness(connection: RoomConnection, update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
    } catch {
      connection.close(CloseCode.invalidPayload, 'malformed awareness update');
    }
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (origin instanceof RoomConnection) {
      for (const id of changes.added) origin.awarenessClientIds.add(id);
      for (const id of changes.updated) origin.awarenessClientIds.add(id);
      for (const id of changes.removed) origin.awarenessClientIds.delete(id);
      for (const id of [...changes.added, ...changes.updated]) this.noteAwarenessName(id);
    }
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const connection of this.connections) connection.send(message);
  };

  private maybeCheckpoint(): void {
    if (this.checkpointRunning) return;
    const since = { updates: this.updatesSinceCheckpoint, bytes: this.bytesSinceCheckpoint };
    if (!checkpointDue(this.compaction, since, this.checkpointBytes)) return;
    // Off the hot path: the relay of the current batch goes first.
    this.checkpointRunning = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.checkpoint())
      .catch((error: unknown) => this.logger.error({ err: error }, 'checkpoint failed'))
      .finally(() => {
        this.checkpointRunning = null;
        // Updates that became durable while a slow store wrote the checkpoint may already call for the next one.
        if (!this.failed) this.maybeCheckpoint();
      });
  }

  /**
   * Writes the room's current state as a checkpoint covering the log up to the
   * last durable update, and merges old log entries into one per minute.
   */
  async checkpoint(): Promise<void> {
    await this.durable;
    const uptoSeq = this.lastDurableSeq;
    const coveredUpdates = this.updatesSinceCheckpoint;
    const coveredBytes = this.bytesSinceCheckpoint;
    const state = this.encodedState();
    await this.store.writeCheckpoint(this.roomId, state, uptoSeq, summarizeDocument(this.doc));
    // Updates made durable while the checkpoint was written stay counted for the next one.
    this.checkpointSeq = uptoSeq;
    this.checkpointBytes = state.byteLength;
    this.updatesSinceCheckpoint -= coveredUpdates;
    this.bytesSinceCheckpoint -= coveredBytes;
    this.storedBytes = state.byteLength + this.bytesSinceCheckpoint;
    const olderThan = this.now() - this.compaction.mergeLogOlderThanMs;
    await this.store.mergeLog(this.roomId, olderThan, (updates) => Y.mergeUpdates(updates));
  }

  /** Waits for pending writes and checkpoints if anything changed since the last one. */
  async flush(): Promise<void> {
    await this.durable;
    if (this.checkpointRunning) await this.checkpointRunning;
    if (this.hasUnsavedWork && !this.failed) await this.checkpoint();
  }

  private noteAwarenessName(clientId: number): void {
    const user: unknown = this.awareness.getStates().get(clientId)?.user;
    if (user && typeof user === 'object' && 'name' in user) this.noteParticipant((user as { name: unknown }).name);
  }

  /** Records a display name as taking part in the current session. */
  noteParticipant(name: unknown): void {
    if (!this.session || typeof name !== 'string') return;
    const trimmed = name.trim().slice(0, 64);
    if (trimmed && this.session.participants.size < 500) this.session.participants.add(trimmed);
  }

  private startSession(): void {
    const session = { sessionId: newRandomId(16), startedAt: this.now(), participants: new Set<string>(), edits: 0 };
    this.session = session;
    this.store
      .startSession({ sessionId: session.sessionId, roomId: this.roomId, startedAt: session.startedAt, endedAt: null, participants: [], autoSnapshotId: null })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not record session start'));
  }

  /**
   * Ends the session when the last participant has left: takes an automatic
   * snapshot if the board was edited and changed since the previous snapshot.
   */
  async endSession(): Promise<void> {
    const session = this.session;
    if (!session || this.failed) return;
    this.session = null;
    let autoSnapshotId: string | null = null;
    if (session.edits > 0 && this.lastDurableSeq > this.lastSnapshotSeq) {
      const snapshot = await this.snapshot(`Session of ${new Date(session.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`, true);
      autoSnapshotId = snapshot.snapshotId;
    }
    await this.store.endSession(session.sessionId, this.now(), [...session.participants], autoSnapshotId);
  }

  /** Takes a named, immutable snapshot of everything durable so far. */
  async snapshot(name: string, auto: boolean): Promise<SnapshotRecord> {
    await this.durable;
    const record: SnapshotRecord = {
      snapshotId: newRandomId(16),
      roomId: this.roomId,
      name,
      createdAt: this.now(),
      auto,
      elementCount: summarizeDocument(this.doc).elementCount,
      uptoSeq: this.lastDurableSeq,
    };
    await this.store.createSnapshot(record, this.encodedState());
    this.lastSnapshotSeq = Math.max(this.lastSnapshotSeq, record.uptoSeq);
    return record;
  }

  /**
   * Brings the board back to a past state as one new change, stored and sent
   * to everyone like any other; the history keeps everything. Resolves with
   * whether anything changed.
   */
  async restore(state: Uint8Array): Promise<boolean> {
    const target = docFromState(state);
    const change = restoreChange(this.doc, target);
    target.destroy();
    if (!change) return false;
    if (this.session) this.session.edits += 1;
    await this.applyServerUpdate(change);
    return true;
  }

  /** Closes every connection (e.g. with 1012 at shutdown). */
  closeConnections(code: number, reason: string): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Storage failed: nothing more may be relayed from this copy. Every client is
   * disconnected to resync from a fresh load; their own copies still hold their work.
   */
  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.logger.error({ err: error }, 'storage failed; closing the room');
    this.closeConnections(CloseCode.internalError, 'storage unavailable, reconnect to resync');
    this.onFatal(this);
  }
}
