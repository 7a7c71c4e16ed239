import {
  SessionErrorCode,
  normalizeColor,
  normalizeDisplayName,
  SOCKET_IO_PATH,
  type Participant,
  type SessionAuth,
  type SessionClientEvents,
  type SessionServerEvents,
} from '@idea-board/shared';
import { io, type Socket } from 'socket.io-client';
import { SvelteMap } from 'svelte/reactivity';
import { currentIdentity, type IdentityState } from '../identity/identity.svelte';
import type { HistoryEvent } from '../history/events';

export type PresenceState = 'connecting' | 'connected' | 'offline' | 'refused';

/** First wait before asking again after the server turned the session away for now; it doubles up to the last. */
const REFUSED_RETRY_FIRST_MS = 2_000;
const REFUSED_RETRY_MAX_MS = 30_000;

/**
 * Who is in the room, from the socket.io session channel: `roster` replaces
 * the list, `participant:joined` / `participant:left` patch it (the server
 * also sends `participant:joined` again when someone renames). The server
 * keeps the roster; this class only mirrors it, and never adds anyone itself.
 *
 * When this browser's identity changes (the presence panel), the change goes
 * out as `participant:update` and into the auth used on reconnect.
 * socket.io reconnects on its own with randomized backoff (its
 * `randomizationFactor`), so a server restart does not bring everyone back at once.
 * It does not when the server's handshake check turned the session away (too
 * many connections from this address, a server error): those are asked again
 * here, with a backoff of their own; an invalid or unknown room is final.
 */
export class Presence {
  readonly #socket: Socket<SessionServerEvents, SessionClientEvents>;
  readonly #unsubscribeIdentity: () => void;
  readonly #participants = new SvelteMap<string, Participant>();
  #state = $state<PresenceState>('connecting');
  #selfId = $state<string | null>(null);
  #error = $state<string | null>(null);
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryDelayMs = REFUSED_RETRY_FIRST_MS;

  /** Everyone present, in the order they joined. */
  readonly participants: Participant[] = $derived(
    [...this.#participants.values()].sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1)),
  );

  /** `auth.name` / `auth.color` are the identity at connection time; later changes come from `identity`. */
  constructor(auth: SessionAuth, identity: IdentityState = currentIdentity()) {
    this.#socket = io({ path: SOCKET_IO_PATH, auth: { ...auth } });
    this.#unsubscribeIdentity = identity.subscribe(({ name, color }) => {
      this.#socket.auth = { ...auth, name, color };
      // Both fields every time: the server fills a missing one from the name the tab joined with.
      if (this.#socket.connected) this.#socket.emit('participant:update', { name, color });
    });
    window.addEventListener('offline', this.#onBrowserOffline);
    this.#socket.on('connect', this.#onConnect);
    this.#socket.on('disconnect', this.#onDisconnect);
    this.#socket.on('connect_error', this.#onConnectError);
    this.#socket.on('roster', this.#onRoster);
    this.#socket.on('participant:joined', this.#onJoined);
    this.#socket.on('participant:left', this.#onLeft);
    this.#socket.on('session:error', this.#onSessionError);
  }

  get state(): PresenceState {
    return this.#state;
  }

  /** This tab's own participant id, to mark "you" in the list. */
  get selfId(): string | null {
    return this.#selfId;
  }

  get error(): string | null {
    return this.#error;
  }

  /**
   * Snapshot-created and board-restored notices from the server, for the
   * history panel. Returns the function that stops listening.
   */
  onHistoryEvent(listener: (event: HistoryEvent) => void): () => void {
    const created: SessionServerEvents['snapshot:created'] = (snapshot) => listener({ type: 'snapshot:created', snapshot });
    const restored: SessionServerEvents['board:restored'] = (restore) => listener({ type: 'board:restored', ...restore });
    this.#socket.on('snapshot:created', created);
    this.#socket.on('board:restored', restored);
    return () => {
      this.#socket.off('snapshot:created', created);
      this.#socket.off('board:restored', restored);
    };
  }

  destroy(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#unsubscribeIdentity();
    window.removeEventListener('offline', this.#onBrowserOffline);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /**
   * The network is gone: a socket may still look open for a long while, which
   * would keep a stale list on screen. Closing the transport makes socket.io
   * reconnect with its usual backoff, which succeeds once the network is back.
   */
  #onBrowserOffline = (): void => {
    if (this.#socket.connected) this.#socket.io.engine?.close();
  };

  #onConnect = (): void => {
    this.#retryDelayMs = REFUSED_RETRY_FIRST_MS;
    this.#state = 'connected';
    this.#selfId = this.#socket.id ?? null;
    this.#error = null;
  };

  #onDisconnect = (): void => {
    // The server sends a fresh roster on reconnect; a stale list would mislead meanwhile.
    this.#participants.clear();
    if (this.#state !== 'refused') this.#state = 'offline';
  };

  #onConnectError = (error: Error & { data?: { code?: unknown } }): void => {
    this.#error = error.message;
    const code = error.data?.code;
    if (code === SessionErrorCode.invalidRoomId || code === SessionErrorCode.unknownRoom) {
      this.#state = 'refused';
      return;
    }
    if (this.#state !== 'refused') this.#state = 'offline';
    // Still active: a network error, which socket.io retries itself.
    if (this.#socket.active || this.#retryTimer !== null) return;
    const delay = this.#retryDelayMs * (0.75 + Math.random() / 2);
    this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, REFUSED_RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#socket.connect();
    }, delay);
  };

  #onRoster = (participants: Participant[]): void => {
    this.#participants.clear();
    for (const participant of participants) this.#add(participant);
  };

  #onJoined = (participant: Participant): void => {
    this.#add(participant);
  };

  #onLeft = (participant: { id: string }): void => {
    this.#participants.delete(participant.id);
  };

  #onSessionError = (error: { code: string; message: string }): void => {
    this.#state = 'refused';
    this.#error = error.message || error.code;
  };

  /** Participants come from other people through the server: bound them before showing. */
  #add(participant: Participant): void {
    if (typeof participant?.id !== 'string') return;
    this.#participants.set(participant.id, {
      id: participant.id,
      name: normalizeDisplayName(participant.name),
      color: normalizeColor(participant.color, '#64748b'),
      role: participant.role === 'viewer' ? 'viewer' : 'editor',
      joinedAt: typeof participant.joinedAt === 'number' ? participant.joinedAt : 0,
    });
  }
}
