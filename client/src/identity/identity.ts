import { normalizeColor, normalizeDisplayName } from '@idea-board/shared';
import { browserStore, type KeyValueStore } from '../storage/localStore';

/** How this person appears to others: kept in localStorage so it survives reloads. */
export interface Identity {
  name: string;
  color: string;
}

export const NAME_KEY = 'idea-board:name';
export const COLOR_KEY = 'idea-board:color';

const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4d7c0f'];

/** Reads the stored identity, creating and storing a "Guest 123" one on first visit. */
export function loadIdentity(store: KeyValueStore = browserStore()): Identity {
  const storedName = store.get(NAME_KEY);
  const name = storedName === null ? `Guest ${100 + randomInt(900)}` : normalizeDisplayName(storedName);
  const color = normalizeColor(store.get(COLOR_KEY), PALETTE[randomInt(PALETTE.length)] ?? '#2563eb');
  store.set(NAME_KEY, name);
  store.set(COLOR_KEY, color);
  return { name, color };
}

function randomInt(below: number): number {
  const value = new Uint32Array(1);
  crypto.getRandomValues(value);
  return (value[0] ?? 0) % below;
}
