import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { newRandomId } from '@idea-board/shared';
import type { RoomRecord, Store } from '../store/Store.js';

export const DEFAULT_TITLE = 'Untitled board';
export const MAX_TITLE_LENGTH = 200;

export interface CreatedRoom {
  room: RoomRecord;
  /** Shown once, to the creator; only its hash is stored. */
  ownerKey: string;
}

export function hashOwnerKey(ownerKey: string): string {
  return createHash('sha256').update(ownerKey).digest('hex');
}

/**
 * Creates a room with fresh capabilities (edit id, view id, owner key) and a
 * first log entry that writes its title into the document's `meta` map.
 */
export async function createRoom(store: Store, title: string = DEFAULT_TITLE, now: number = Date.now()): Promise<CreatedRoom> {
  const ownerKey = newRandomId(32);
  const room: RoomRecord = {
    roomId: newRandomId(),
    editId: newRandomId(),
    viewId: newRandomId(),
    ownerKeyHash: hashOwnerKey(ownerKey),
    title,
    createdAt: now,
    updatedAt: now,
    elementCount: 0,
  };
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', title);
  const initialUpdate = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  await store.createRoom(room, initialUpdate);
  return { room, ownerKey };
}
