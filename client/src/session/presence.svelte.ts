import {
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

export type PresenceState = 'connecting' | 'connected' | 'offline' | 'refused';

/**
 * Who is in the room, from the socket.io session channel: `roster` replaces
 * the list, `participant:joined` / `participant:left` patch it.
 */
export class Presence {
  readonly #socket: Socket<SessionServerEvents, SessionClientEvents>;
  readonly #participants = new SvelteMap<string, Participant>();
  #state = $state<PresenceState>('connecting');
  #selfId = $state<string | null>(null);
  #error = $state<string | null>(null);

  /** Everyone present, in the order they joined. */
  readonly participants: Participant[] = $derived(
    [...this.#participants.values()].sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1)),
  );

  constructor(auth: SessionAuth) {
    this.#socket = io({ path: SOCKET_IO_PATH, auth: { ...auth } });
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

  destroy(): void {
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  #onConnect = (): void => {
    this.#state = 'connected';
    this.#selfId = this.#socket.id ?? null;
    this.#error = null;
  };

  #onDisconnect = (): void => {
    // The server sends a fresh roster on reconnect; a stale list would mislead meanwhile.
    this.#participants.clear();
    if (this.#state !== 'refused') this.#state = 'offline';
  };

  #onConnectError = (error: Error): void => {
    if (this.#state !== 'refused') this.#state = 'offline';
    this.#error = error.message;
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
