import type { Role } from './protocol.js';

/**
 * The socket.io session channel: events that are not board content.
 * The client connects with `auth: { roomId, name, color? }`.
 */

export interface SessionAuth {
  /** Edit id or view id of the room. */
  roomId: string;
  /** Display name chosen by the person. */
  name: string;
  /** Cursor and presence colour, a CSS colour string. */
  color?: string;
}

/** One person in the room, as the roster shows them. */
export interface Participant {
  /** The socket.io connection id: one per open tab. */
  id: string;
  name: string;
  color: string;
  role: Role;
  joinedAt: number;
}

/** Error codes sent with a refused session (as `connect_error` data: `{ code }`). */
export const SessionErrorCode = {
  invalidRoomId: 'invalid_room_id',
  unknownRoom: 'unknown_room',
  /** The client address holds MAX_CONNECTIONS_PER_ADDRESS sessions already: worth trying again later. */
  tooManyConnections: 'too_many_connections',
} as const;

export type SessionErrorCodeValue = (typeof SessionErrorCode)[keyof typeof SessionErrorCode];

/** Events the server sends on the session channel. */
export interface SessionServerEvents {
  /** The whole roster, sent to a participant when it joins. */
  roster: (participants: Participant[]) => void;
  'participant:joined': (participant: Participant) => void;
  'participant:left': (participant: { id: string }) => void;
  /** Someone took a snapshot (or one was taken automatically). */
  'snapshot:created': (snapshot: { id: string; name: string; createdAt: string; auto: boolean; elementCount: number }) => void;
  /** The board was returned to a snapshot or a past moment (the change itself arrives through Yjs). */
  'board:restored': (restore: { snapshotId?: string; at?: string }) => void;
  /** Why the server refused or ended the session (the socket is then closed). */
  'session:error': (error: { code: string; message: string }) => void;
}

/** Events a client sends on the session channel. */
export interface SessionClientEvents {
  /** Change the display name or colour shown to others. */
  'participant:update': (change: { name?: string; color?: string }) => void;
}

export const MAX_DISPLAY_NAME_LENGTH = 64;

/** Trims and bounds a display name; falls back to "Guest". */
export function normalizeDisplayName(name: unknown): string {
  if (typeof name !== 'string') return 'Guest';
  const trimmed = name.replace(/\p{Cc}/gu, '').trim().slice(0, MAX_DISPLAY_NAME_LENGTH);
  return trimmed.length > 0 ? trimmed : 'Guest';
}

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export function normalizeColor(color: unknown, fallback: string): string {
  return typeof color === 'string' && COLOR_PATTERN.test(color) ? color : fallback;
}
