import { normalizeColor, normalizeDisplayName } from '@idea-board/shared';

/**
 * The awareness fields this app publishes per client, and how a received
 * state is read. Awareness comes from other people's browsers through the
 * server unchecked, so every field is validated and bounded here before it
 * reaches the screen.
 *
 * Published shape: `{ user: { name, color }, cursor: { x, y } | null, selection: string[] }`,
 * cursor in world coordinates.
 */
export interface Point {
  x: number;
  y: number;
}

export interface PeerPresence {
  /** The peer's awareness (Yjs) client id. */
  clientId: number;
  name: string;
  color: string;
  /** World coordinates, or null when the pointer is off the board. */
  cursor: Point | null;
  /** Ids of the elements the peer has selected. */
  selection: readonly string[];
}

/** An element's extent in world coordinates (what RemoteSelections outlines). */
export interface WorldBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface LocalPresenceState {
  user: { name: string; color: string };
  cursor: Point | null;
  selection: string[];
}

export const MAX_SELECTION = 500;
const MAX_COORDINATE = 1e9;
const ELEMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FALLBACK_COLOR = '#64748b';

/** A peer from its awareness state; null for states without a user (e.g. the server's own, or a departed peer). */
export function parsePeerState(clientId: number, state: unknown): PeerPresence | null {
  if (!isRecord(state) || !isRecord(state.user)) return null;
  return {
    clientId,
    name: normalizeDisplayName(state.user.name),
    color: normalizeColor(state.user.color, FALLBACK_COLOR),
    cursor: parsePoint(state.cursor),
    selection: parseSelection(state.selection),
  };
}

/** Others' presences from an awareness state map, in a stable order (by client id). */
export function peersFromStates(states: ReadonlyMap<number, unknown>, selfId: number): PeerPresence[] {
  const peers: PeerPresence[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfId) continue;
    const peer = parsePeerState(clientId, state);
    if (peer) peers.push(peer);
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}

/** A cursor position rounded for the wire (a tenth of a world unit is finer than any screen shows). */
export function roundPoint(point: Point | null): Point | null {
  if (!point || !Number.isFinite(point.x) || !Number.isFinite(point.y)) return null;
  return { x: Math.round(point.x * 10) / 10, y: Math.round(point.y * 10) / 10 };
}

function parsePoint(value: unknown): Point | null {
  if (!isRecord(value)) return null;
  const { x, y } = value;
  if (typeof x !== 'number' || typeof y !== 'number') return null;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (Math.abs(x) > MAX_COORDINATE || Math.abs(y) > MAX_COORDINATE) return null;
  return { x, y };
}

function parseSelection(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const id of value) {
    if (ids.size >= MAX_SELECTION) break;
    if (typeof id === 'string' && ELEMENT_ID.test(id)) ids.add(id);
  }
  return [...ids];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
