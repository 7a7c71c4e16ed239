import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { newRandomId } from '@idea-board/shared';
import type { RoomRecord, Store } from '../store/Store.js';
import { summarizeDocument } from './summary.js';

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
 * Creates a room with fresh capabilities (edit id, view id, owner key). Its
 * first log entry is the seed state (a fork or an import), if any, with the
 * title written into the document's `meta` map.
 */
export async function createRoom(
  store: Store,
  options: { title?: string; seed?: Uint8Array; now?: number } = {},
): Promise<CreatedRoom> {
  const now = options.now ?? Date.now();
  const title = options.title ?? DEFAULT_TITLE;
  const ownerKey = newRandomId(32);
  const doc = new Y.Doc();
  if (options.seed) Y.applyUpdate(doc, options.seed);
  doc.getMap('meta').set('title', title);
  const summary = summarizeDocument(doc);
  const room: RoomRecord = {
    roomId: newRandomId(),
    editId: newRandomId(),
    viewId: newRandomId(),
    ownerKeyHash: hashOwnerKey(ownerKey),
    title,
    createdAt: now,
    updatedAt: now,
    elementCount: summary.elementCount,
  };
  const initialUpdate = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  await store.createRoom(room, initialUpdate);
  return { room, ownerKey };
}
