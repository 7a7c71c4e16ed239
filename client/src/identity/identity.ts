import { normalizeColor, normalizeDisplayName } from '@idea-board/shared';
import { browserStore, type KeyValueStore } from '../storage/localStore';

/** How this person appears to others: kept in localStorage so it survives reloads. */
export interface Identity {
  name: string;
  color: string;
}

/** The stored identity, and whether the person picked the name (false: still the generated guest name). */
export interface StoredIdentity extends Identity {
  chosen: boolean;
}

/** Set only once the person picked a name (e2e tests set it to skip the welcome dialog). */
export const NAME_KEY = 'idea-board:name';
export const COLOR_KEY = 'idea-board:color';
/** The generated "Guest 123", stable across reloads until a name is picked. */
export const GUEST_NAME_KEY = 'idea-board:guest-name';

/**
 * Cursor and avatar colours: distinct hues, each dark enough for white text
 * (4.5:1 or better) and visible on the light board.
 */
export const PALETTE: readonly { readonly label: string; readonly value: string }[] = [
  { label: 'Red', value: '#c92a2a' },
  { label: 'Orange', value: '#c2410c' },
  { label: 'Green', value: '#2f7d32' },
  { label: 'Teal', value: '#0b7285' },
  { label: 'Blue', value: '#1971c2' },
  { label: 'Indigo', value: '#3b5bdb' },
  { label: 'Violet', value: '#6741d9' },
  { label: 'Grape', value: '#9c36b5' },
  { label: 'Pink', value: '#c2255c' },
];

/** Reads the stored identity; on first visit makes up a guest name and a palette colour, and keeps them. */
export function readIdentity(store: KeyValueStore = browserStore(), random: (below: number) => number = randomInt): StoredIdentity {
  const storedName = store.get(NAME_KEY);
  let guestName = store.get(GUEST_NAME_KEY);
  if (storedName === null && guestName === null) {
    guestName = `Guest ${100 + random(900)}`;
    store.set(GUEST_NAME_KEY, guestName);
  }
  const name = normalizeDisplayName(storedName ?? guestName);
  const storedColor = store.get(COLOR_KEY);
  const color = normalizeColor(storedColor, PALETTE[random(PALETTE.length)]?.value ?? PALETTE[0]!.value);
  if (storedColor !== color) store.set(COLOR_KEY, color);
  return { name, color, chosen: storedName !== null };
}

/** Stores a changed name and/or colour (normalised as the server will); a stored name counts as chosen. */
export function writeIdentity(change: Partial<Identity>, store: KeyValueStore = browserStore()): StoredIdentity {
  const current = readIdentity(store);
  const name = change.name === undefined ? current.name : normalizeDisplayName(change.name);
  const color = normalizeColor(change.color, current.color);
  if (change.name !== undefined) store.set(NAME_KEY, name);
  store.set(COLOR_KEY, color);
  return { name, color, chosen: current.chosen || change.name !== undefined };
}

/** The identity to show right now (generated on first visit; nothing asked). */
export function loadIdentity(store: KeyValueStore = browserStore()): Identity {
  const { name, color } = readIdentity(store);
  return { name, color };
}

function randomInt(below: number): number {
  const value = new Uint32Array(1);
  crypto.getRandomValues(value);
  return (value[0] ?? 0) % below;
}
