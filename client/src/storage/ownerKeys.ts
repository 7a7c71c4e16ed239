import { browserStore, type KeyValueStore } from './localStore';

/** The owner key is handed out once, at creation; keep it for the host's later actions. */
export function rememberOwnerKey(roomId: string, ownerKey: string, store: KeyValueStore = browserStore()): void {
  store.set(ownerKeyName(roomId), ownerKey);
}

export function ownerKeyFor(roomId: string, store: KeyValueStore = browserStore()): string | null {
  return store.get(ownerKeyName(roomId));
}

function ownerKeyName(roomId: string): string {
  return `idea-board:owner-key:${roomId}`;
}
