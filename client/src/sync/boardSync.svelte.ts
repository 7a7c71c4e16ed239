import { YJS_PATH_PREFIX } from '@idea-board/shared';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** What the sync indicator shows. */
export type SyncState = 'connecting' | 'connected' | 'synced' | 'offline' | 'closed';

/** `ws(s)://<host>/yjs`, the y-websocket server URL of the page's own origin. */
export function yjsServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${YJS_PATH_PREFIX}`;
}

/**
 * Owns one board's Y.Doc and its y-websocket connection, and exposes the
 * connection state as runes. Everything the board shows is derived from `doc`.
 */
export class BoardSync {
  readonly doc = new Y.Doc();
  /** Origin of every transaction made by this tab's user. */
  readonly origin: object = Object.freeze({ kind: 'local-user' });

  #status = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  #synced = $state(false);
  #closed = $state<{ code: number; reason: string } | null>(null);
  readonly #provider: WebsocketProvider;

  readonly state: SyncState = $derived.by(() => {
    if (this.#closed) return 'closed';
    if (this.#status === 'connected') return this.#synced ? 'synced' : 'connected';
    return this.#status === 'connecting' ? 'connecting' : 'offline';
  });

  constructor(roomId: string, serverUrl: string = yjsServerUrl(window.location)) {
    // No BroadcastChannel: "synced" must mean synced with the server, not with another tab.
    this.#provider = new WebsocketProvider(serverUrl, roomId, this.doc, { disableBc: true });
    this.#provider.on('status', this.#onStatus);
    this.#provider.on('sync', this.#onSync);
    this.#provider.on('closed', this.#onClosed);
    this.#status = this.#provider.wsconnected ? 'connected' : 'connecting';
    this.#synced = this.#provider.synced;
  }

  /** Why the server ended the connection for good (a 44xx close), if it did. */
  get closedReason(): string | null {
    if (!this.#closed) return null;
    return this.#closed.reason || `connection refused (code ${this.#closed.code})`;
  }

  destroy(): void {
    this.#provider.off('status', this.#onStatus);
    this.#provider.off('sync', this.#onSync);
    this.#provider.off('closed', this.#onClosed);
    this.#provider.destroy();
    this.doc.destroy();
  }

  #onStatus = (event: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    this.#status = event.status;
  };

  #onSync = (synced: boolean): void => {
    this.#synced = synced;
  };

  #onClosed = (event: { code: number; reason: string }): void => {
    this.#closed = { code: event.code, reason: event.reason };
  };
}
