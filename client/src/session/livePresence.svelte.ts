import type { Awareness } from 'y-protocols/awareness';
import { currentIdentity, type IdentityState } from '../identity/identity.svelte';
import { peersFromStates, roundPoint, type LocalPresenceState, type PeerPresence, type Point } from './peerState';
import { createThrottle, type Throttle } from './throttle';

/** 20 updates a second at most: smooth enough for a cursor, light on the wire. */
export const PRESENCE_INTERVAL_MS = 50;

/**
 * Live cursors and selections through Yjs awareness (the sync connection's
 * `awareness`, see BoardSync). Publishes this tab's cursor, selection and
 * identity as `{ user: { name, color }, cursor, selection }`, at most once
 * per PRESENCE_INTERVAL_MS with a trailing update, and exposes everyone
 * else's as reactive `peers`.
 *
 * The board calls `setCursor` on pointer moves (world coordinates; null when
 * the pointer leaves the board) and `setSelection` when its selection changes.
 */
export class LivePresence {
  #peers = $state.raw<PeerPresence[]>([]);
  readonly #awareness: Awareness;
  readonly #identity: IdentityState;
  readonly #throttle: Throttle;
  readonly #unsubscribeIdentity: () => void;
  #cursor: Point | null = null;
  #selection: string[] = [];
  #destroyed = false;

  constructor(awareness: Awareness, identity: IdentityState = currentIdentity(), intervalMs = PRESENCE_INTERVAL_MS) {
    this.#awareness = awareness;
    this.#identity = identity;
    this.#throttle = createThrottle(() => this.#publish(), intervalMs);
    this.#publish();
    this.#unsubscribeIdentity = identity.subscribe(() => this.#publish());
    awareness.on('change', this.#onChange);
    this.#onChange();
  }

  /** Everyone else on the board with a cursor or a selection to show, by awareness client id. */
  get peers(): PeerPresence[] {
    return this.#peers;
  }

  /** This tab's pointer in world coordinates, or null when it leaves the board. */
  setCursor(world: Point | null): void {
    const next = roundPoint(world);
    if (samePoint(next, this.#cursor)) return;
    this.#cursor = next;
    this.#throttle.request();
  }

  setSelection(ids: readonly string[]): void {
    if (ids.length === this.#selection.length && ids.every((id, i) => id === this.#selection[i])) return;
    this.#selection = [...ids];
    this.#throttle.request();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#throttle.cancel();
    this.#unsubscribeIdentity();
    this.#awareness.off('change', this.#onChange);
    // Tells the others at once that this tab's cursor is gone (if still connected).
    this.#awareness.setLocalState(null);
  }

  #publish(): void {
    if (this.#destroyed) return;
    const state: LocalPresenceState = {
      user: this.#identity.snapshot,
      cursor: this.#cursor,
      selection: this.#selection,
    };
    this.#awareness.setLocalState(state);
  }

  #onChange = (): void => {
    this.#peers = peersFromStates(this.#awareness.getStates(), this.#awareness.clientID);
  };
}

function samePoint(a: Point | null, b: Point | null): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y);
}
