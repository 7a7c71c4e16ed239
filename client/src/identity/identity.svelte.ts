import { browserStore, type KeyValueStore } from '../storage/localStore';
import { readIdentity, writeIdentity, type Identity } from './identity';

/**
 * This browser's display name and colour as runes, one instance per page
 * (`currentIdentity()`): the presence list edits it, and the session channel
 * and the awareness cursor follow it through `subscribe`.
 */
export class IdentityState {
  #name = $state('');
  #color = $state('');
  #chosen = $state(false);
  readonly #store: KeyValueStore;
  #listeners: Array<(identity: Identity) => void> = [];

  constructor(store: KeyValueStore = browserStore()) {
    this.#store = store;
    const stored = readIdentity(store);
    this.#name = stored.name;
    this.#color = stored.color;
    this.#chosen = stored.chosen;
  }

  get name(): string {
    return this.#name;
  }

  get color(): string {
    return this.#color;
  }

  /** False until the person picked a name (or chose to stay a guest): the welcome dialog shows meanwhile. */
  get chosen(): boolean {
    return this.#chosen;
  }

  get snapshot(): Identity {
    return { name: this.#name, color: this.#color };
  }

  /** Changes the name and/or colour, stores them and tells every subscriber. */
  update(change: Partial<Identity>): void {
    const next = writeIdentity(change, this.#store);
    const changed = next.name !== this.#name || next.color !== this.#color;
    this.#name = next.name;
    this.#color = next.color;
    this.#chosen = next.chosen;
    if (changed) for (const listener of this.#listeners) listener(this.snapshot);
  }

  /** Keeps the generated guest name as the person's choice. */
  keepGuestName(): void {
    this.update({ name: this.#name });
  }

  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: (identity: Identity) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    };
  }
}

let current: IdentityState | null = null;

/** The page's identity (created on first use). */
export function currentIdentity(): IdentityState {
  current ??= new IdentityState();
  return current;
}
