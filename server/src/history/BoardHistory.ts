import * as Y from 'yjs';
import { boardToSvg, exportBoard, readBoard, readTitle, type BoardExport } from '@idea-board/shared';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { SnapshotRecord, Store } from '../store/Store.js';
import { createRoom, type CreatedRoom } from '../rooms/createRoom.js';
import { docFromState, stateFromHistory } from './historyState.js';

/** Most timeline entries returned at once (the newest). */
export const MAX_TIMELINE_ENTRIES = 10_000;

/**
 * A board's past: named snapshots, its state at any moment, restore and fork,
 * and exports. Works whether or not the room is open on this node: changes to
 * the live board (restore) go through the room, so they are stored and relayed
 * like any other edit.
 */
export class BoardHistory {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
  ) {}

  takeSnapshot(roomId: string, name: string): Promise<SnapshotRecord> {
    return this.rooms.withRoom(roomId, (room) => room.snapshot(name, false));
  }

  /** The board's current state: the live copy if open here, else the stored one. */
  async currentState(roomId: string): Promise<Uint8Array> {
    const live = this.rooms.peek(roomId);
    if (live) return Y.encodeStateAsUpdate(live.doc);
    const stored = await this.store.loadDocument(roomId);
    return Y.mergeUpdates([...(stored.checkpoint ? [stored.checkpoint] : []), ...stored.updates]);
  }

  /** The board as it was at `at` (ms since epoch): every change written up to then. */
  async stateAt(roomId: string, at: number): Promise<Uint8Array> {
    const { base, entries } = await this.store.historyAt(roomId, at);
    return stateFromHistory(entries, base);
  }

  async changeTimes(roomId: string): Promise<number[]> {
    return this.store.historyTimes(roomId, MAX_TIMELINE_ENTRIES);
  }

  /** Returns the board to `state` as one new change for everyone; resolves with whether anything changed. */
  restore(roomId: string, state: Uint8Array): Promise<boolean> {
    return this.rooms.withRoom(roomId, (room) => room.restore(state));
  }

  /** A new room seeded with `state`. */
  fork(state: Uint8Array, title?: string): Promise<CreatedRoom> {
    const doc = docFromState(state);
    const forkTitle = title ?? `${readTitle(doc)} (copy)`;
    doc.destroy();
    return createRoom(this.store, { title: forkTitle.slice(0, 200), seed: state });
  }

  exportJson(state: Uint8Array): BoardExport {
    const doc = docFromState(state);
    try {
      return exportBoard(doc);
    } finally {
      doc.destroy();
    }
  }

  svg(state: Uint8Array, options: { width?: number } = {}): string {
    const doc = docFromState(state);
    try {
      return boardToSvg(readBoard(doc), { title: readTitle(doc), ...options });
    } finally {
      doc.destroy();
    }
  }
}
