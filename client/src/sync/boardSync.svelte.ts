import { MessageType, YJS_PATH_PREFIX, type Role } from '@idea-board/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { trackRecentBoard } from '../home/recentBoardTracker';
import { parseRoute } from '../routing/routes';
import { browserStore, type KeyValueStore } from '../storage/localStore';
import { applyReceived } from './applyReceived';
import { fullJitterDelay } from './backoff';
import { describeRefusal, isRefusal } from './closeReasons';
import { registerOfflineShell } from './offlineShell';
import { parsePending, SaveLedger, serializePending, type DeleteRanges, type PendingChange } from './saveLedger';
import { peekPermissionDenied, peekSyncPayload, type SyncPayload } from './syncMessages';

/**
 * What the sync pill shows.
 * - `connecting`: first connection of this page, not synced yet
 * - `saving`: connected, some local change not yet confirmed durable by the server
 * - `saved`: connected, synced, and the server has echoed every local change
 * - `reconnecting`: the connection dropped; a retry is scheduled (backoff with jitter)
 * - `offline`: the browser says it has no network; retries continue and speed up when it is back
 * - `closed`: the server refused the board (a 44xx close); no more retries
 */
export type SyncState = 'connecting' | 'saving' | 'saved' | 'reconnecting' | 'offline' | 'closed';

export interface BoardSyncOptions {
  /** Editors keep offline edits in IndexedDB; viewers keep nothing locally. Default: from the page's path (`/v/` is a viewer). */
  role?: Role;
  /** `ws(s)://host/yjs` of the page's origin by default. */
  serverUrl?: string;
  /** Where the count of unsaved changes survives a reload. */
  store?: KeyValueStore;
  /** Remember this board on the home page (default true). */
  trackRecent?: boolean;
}

/** `ws(s)://<host>/yjs`, the y-websocket server URL of the page's own origin. */
export function yjsServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${YJS_PATH_PREFIX}`;
}

/** How long the first connection waits for IndexedDB before connecting anyway. */
const LOCAL_LOAD_GRACE_MS = 1_500;
/** Coalesces writes of the unsaved-changes count to localStorage. */
const LEDGER_SAVE_DELAY_MS = 250;

type MessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Owns one board's Y.Doc, its y-websocket connection and its local copy, and
 * exposes the connection and save state as runes. Everything the board shows
 * is derived from `doc`.
 *
 * How it stays honest about "saved" (see DESIGN.md, "Durability and history",
 * and `saveLedger.ts`): every local transaction is recorded in a SaveLedger;
 * the server's sync messages are read on their way in to confirm them. They
 * are read by wrapping this provider's own `messageHandlers[sync]` (y-websocket
 * copies that table per provider and documents it as the extension point), so
 * nothing is forked and the bytes are still handled by y-protocols exactly as
 * before: the wrapper only peeks at the payload, then calls the original.
 *
 * Reconnects are ours, not y-websocket's (its backoff is deterministic, so a
 * server restart would bring every client back in lock step): on every
 * connection close we clear `provider.shouldConnect`, which turns the
 * provider's own scheduled retry into a no-op, and call `provider.connect()`
 * after a full-jitter delay (`backoff.ts`). A refusal (44xx, see
 * `closeReasons.ts`) stops retrying and says why. The browser's `offline`
 * event drops the socket at once (an emulated or real network loss can leave
 * a WebSocket looking open for a long time); `online` retries soon.
 *
 * Offline edits (editors only) are kept in IndexedDB by y-indexeddb, under
 * `idea-board:<roomId>`; the page renders from it before the server answers,
 * and the sync step 2 the provider sends on reconnect carries them to the server.
 * On a first visit (no local copy yet) it connects as soon as that is known
 * instead of waiting for the empty copy to be created. Updates from the server
 * reach the doc's update listeners (y-indexeddb's among them) as received,
 * without Yjs encoding them again (`applyReceived.ts`).
 * The unsaved count survives a reload through localStorage. A view-only page
 * keeps nothing locally, and a page the server refuses writes to (auth
 * permission-denied) never reports its changes as saved.
 */
export class BoardSync {
  readonly doc = new Y.Doc();
  /** Origin of every transaction made by this tab's user. */
  readonly origin: object = Object.freeze({ kind: 'local-user' });
  readonly role: Role;

  #socket = $state<'idle' | 'connecting' | 'connected'>('idle');
  #socketRequested!: () => void;
  /** Resolves when this page first tries to connect (other first-load work can go after it). */
  readonly socketRequested: Promise<void> = new Promise((resolve) => (this.#socketRequested = resolve));
  #synced = $state(false);
  #everSynced = $state(false);
  #failedAttempts = $state(0);
  #online = $state(true);
  #unsaved = $state(0);
  #loaded = $state(false);
  #closed = $state<{ code: number; reason: string } | null>(null);
  #denied = $state<string | null>(null);
  #title = $state<string | null>(null);

  readonly #roomId: string;
  readonly #provider: WebsocketProvider;
  readonly #persistence: IndexeddbPersistence | null;
  readonly #ledger = new SaveLedger();
  readonly #store: KeyValueStore;
  readonly #stopTrackingRecent: () => void;
  /** False once the page leaves, goes offline on purpose, or the server refused us. */
  #wantConnected = true;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #ledgerTimer: ReturnType<typeof setTimeout> | null = null;
  /** The server's state vector from its sync step 1 on the current connection. */
  #serverVector: Map<number, number> | null = null;
  #destroyed = false;

  readonly state: SyncState = $derived.by(() => {
    if (this.#closed) return 'closed';
    if (this.#socket === 'connected') {
      if (this.#synced && this.#unsaved === 0) return 'saved';
      return this.#synced || this.#unsaved > 0 ? 'saving' : 'connecting';
    }
    if (!this.#online) return 'offline';
    return this.#everSynced || this.#failedAttempts > 0 ? 'reconnecting' : 'connecting';
  });

  constructor(roomId: string, options: BoardSyncOptions = {}) {
    this.#roomId = roomId;
    this.role = options.role ?? roleFromLocation();
    this.#store = options.store ?? browserStore();
    this.#online = typeof navigator === 'undefined' ? true : navigator.onLine !== false;

    // No BroadcastChannel: "saved" must mean saved by the server, not seen by another tab.
    this.#provider = new WebsocketProvider(options.serverUrl ?? yjsServerUrl(window.location), roomId, this.doc, {
      connect: false,
      disableBc: true,
    });
    this.#hookIncomingMessages();
    this.#provider.on('status', this.#onStatus);
    this.#provider.on('sync', this.#onSync);
    this.#provider.on('connection-close', this.#onConnectionClose);
    this.doc.on('afterTransaction', this.#onTransaction);
    this.doc.getMap('meta').observe(this.#onMeta);
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('pagehide', this.#flushLedger);

    // Asked before the copy is opened, which creates it.
    const firstVisit = this.role === 'editor' ? localCopyMissing(roomId) : null;
    this.#persistence = this.role === 'editor' ? openLocalCopy(roomId, this.doc) : null;
    if (this.#persistence) {
      this.#ledger.adopt(parsePending(this.#store.get(ledgerKey(roomId))));
      this.#unsaved = this.#ledger.count;
      const grace = setTimeout(() => this.#connect(), LOCAL_LOAD_GRACE_MS);
      // Nothing local to load first: connect now, while the empty copy is created.
      void firstVisit?.then((missing) => {
        if (missing) this.#connect();
      });
      this.#persistence.whenSynced.then(
        () => {
          clearTimeout(grace);
          this.#onLocalCopyLoaded();
          this.#connect();
        },
        () => {
          clearTimeout(grace);
          this.#connect();
        },
      );
    } else {
      this.#connect();
    }

    this.#stopTrackingRecent = options.trackRecent === false ? () => {} : trackRecentBoard({ id: roomId, role: this.role, doc: this.doc });
    registerOfflineShell();
  }

  /** Yjs awareness of this connection: live cursors and selections (see session/livePresence). */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  /** The board's title from the document (`meta.title`), known offline too; null until it has one. */
  get title(): string | null {
    return this.#title;
  }

  /** Local transactions the server has not confirmed as durable yet. */
  get unsaved(): number {
    return this.#unsaved;
  }

  /** True once there is something to show: the local copy loaded, or the server synced. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Read-only page: a view link, or the server denied this connection's writes. */
  get readOnly(): boolean {
    return this.role === 'viewer' || this.#denied !== null;
  }

  /** Why the server dropped this connection's writes (auth permission-denied), if it did. */
  get deniedReason(): string | null {
    return this.#denied;
  }

  /** Why the server ended the connection for good (a 44xx refusal), as a sentence, if it did. */
  get closedReason(): string | null {
    if (!this.#closed) return null;
    return describeRefusal(this.#closed.code, this.#closed.reason);
  }

  /** The close code of a refusal, if any. */
  get closedCode(): number | null {
    return this.#closed?.code ?? null;
  }

  /** Connects now instead of waiting for the scheduled retry (the pill's "Retry now"). */
  reconnectNow(): void {
    if (this.#destroyed || this.#closed) return;
    this.#wantConnected = true;
    this.#connect();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#wantConnected = false;
    this.#clearRetry();
    this.#flushLedger();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('offline', this.#onOffline);
    window.removeEventListener('pagehide', this.#flushLedger);
    this.#stopTrackingRecent();
    this.doc.off('afterTransaction', this.#onTransaction);
    this.doc.getMap('meta').unobserve(this.#onMeta);
    this.#provider.off('status', this.#onStatus);
    this.#provider.off('sync', this.#onSync);
    this.#provider.off('connection-close', this.#onConnectionClose);
    this.#provider.destroy();
    void this.#persistence?.destroy();
    this.doc.destroy();
  }

  // --- connection -----------------------------------------------------------

  #connect(): void {
    // Also when offline or closed: what waits for it must not wait forever.
    this.#socketRequested();
    this.#clearRetry();
    if (this.#destroyed || !this.#wantConnected || this.#closed) return;
    if (this.#provider.ws !== null) return;
    this.#provider.connect();
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    if (this.#destroyed || !this.#wantConnected || this.#closed) return;
    const delay = fullJitterDelay(this.#failedAttempts);
    this.#failedAttempts += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #onStatus = (event: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (event.status === 'connecting') this.#serverVector = null;
    this.#socket = event.status === 'disconnected' ? 'idle' : event.status;
  };

  #onSync = (synced: boolean): void => {
    this.#synced = synced;
    if (!synced) return;
    this.#everSynced = true;
    this.#loaded = true;
    this.#failedAttempts = 0;
  };

  /** Emitted by y-websocket for every socket that ends, before its own retry is scheduled. */
  #onConnectionClose = (event: CloseEvent | null): void => {
    // We own reconnects: this makes y-websocket's scheduled retry a no-op.
    this.#provider.shouldConnect = false;
    this.#socket = 'idle';
    this.#synced = false;
    this.#serverVector = null;
    if (event && isRefusal(event.code)) {
      this.#wantConnected = false;
      this.#clearRetry();
      this.#closed = { code: event.code, reason: event.reason };
      return;
    }
    this.#scheduleRetry();
  };

  #onOnline = (): void => {
    this.#online = true;
    if (this.#provider.ws !== null || this.#closed) return;
    // Not all at once when a whole office comes back online: a short jittered pause.
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, fullJitterDelay(0));
  };

  #onOffline = (): void => {
    this.#online = false;
    // The socket may look open for a long while; drop it so the state is honest. Retries go on.
    if (this.#provider.ws !== null) this.#provider.disconnect();
  };

  // --- incoming messages: confirmations and refusals ------------------------

  #hookIncomingMessages(): void {
    const handlers = this.#provider.messageHandlers;
    const applySync = handlers[MessageType.sync];
    if (!applySync) throw new Error('y-websocket has no sync message handler');
    const onSync: MessageHandler = (encoder, decoder, provider, emitSynced, messageType) => {
      const payload = peekSyncPayload(decoder.arr, decoder.pos);
      const apply = (): void => applySync(encoder, decoder, provider, emitSynced, messageType);
      // Received updates reach the doc's update listeners as received, not encoded a second time.
      if (payload && payload.kind !== 'step1') applyReceived(this.doc, payload.update, apply);
      else apply();
      if (payload) this.#onServerSync(payload);
    };
    const onAuth: MessageHandler = (_encoder, decoder) => {
      const denied = peekPermissionDenied(decoder.arr, decoder.pos);
      decoder.pos = decoder.arr.length;
      if (denied) this.#denied = denied.reason || 'this connection may not change the board';
    };
    handlers[MessageType.sync] = onSync;
    handlers[MessageType.auth] = onAuth;
  }

  #onServerSync(payload: SyncPayload): void {
    try {
      switch (payload.kind) {
        case 'step1':
          // Everything in it is durable by the time the step 2 that answers ours arrives.
          this.#serverVector = Y.decodeStateVector(payload.stateVector);
          return;
        case 'step2':
          if (this.#serverVector) this.#ledger.confirmClocks(this.#serverVector);
          this.#confirmUpdate(payload.update);
          this.#loaded = true;
          return;
        case 'update':
          this.#confirmUpdate(payload.update);
          return;
      }
    } catch {
      // A payload we cannot read confirms nothing; the provider already dealt with it.
    } finally {
      this.#ledgerChanged();
    }
  }

  #confirmUpdate(update: Uint8Array): void {
    // Nothing waiting, nothing to learn: spares decoding a whole board on the first sync of a big one.
    if (this.#ledger.count === 0) return;
    this.#ledger.confirmClocks(Y.parseUpdateMeta(update).to);
    // A delete-only change moves no clock: only a delete set can confirm it (decoded only when one is waiting).
    if (this.#ledger.awaitsDeletes) this.#ledger.confirmDeletes(Y.decodeUpdate(update).ds.clients);
  }

  // --- local changes ----------------------------------------------------------

  #onMeta = (): void => {
    const title = this.doc.getMap('meta').get('title');
    this.#title = typeof title === 'string' && title.trim() ? title : null;
  };

  #onTransaction = (transaction: Y.Transaction): void => {
    if (!transaction.local) return;
    const client = this.doc.clientID;
    this.#ledger.recordLocal({
      client,
      before: transaction.beforeState.get(client) ?? 0,
      after: transaction.afterState.get(client) ?? 0,
      deletes: transaction.deleteSet.clients,
    });
    this.#ledgerChanged();
  };

  #onLocalCopyLoaded(): void {
    if (this.#destroyed) return;
    if (this.doc.getMap('elements').size > 0 || this.doc.getMap('meta').size > 0) this.#loaded = true;
    // Changes remembered from an earlier visit that this copy no longer holds can never be sent.
    const deleted: DeleteRanges | null = this.#ledger.awaitsDeletes
      ? Y.createDeleteSetFromStructStore(this.doc.store).clients
      : null;
    this.#ledger.retainHeld((change) => holds(this.doc, deleted, change));
    this.#ledgerChanged();
  }

  #ledgerChanged(): void {
    if (this.#unsaved !== this.#ledger.count) this.#unsaved = this.#ledger.count;
    if (!this.#persistence || this.#ledgerTimer !== null) return;
    this.#ledgerTimer = setTimeout(this.#flushLedger, LEDGER_SAVE_DELAY_MS);
  }

  #flushLedger = (): void => {
    if (this.#ledgerTimer !== null) clearTimeout(this.#ledgerTimer);
    this.#ledgerTimer = null;
    if (!this.#persistence) return;
    const key = ledgerKey(this.#roomId);
    if (this.#ledger.count === 0) this.#store.remove(key);
    else this.#store.set(key, serializePending(this.#ledger.pending));
  };
}

function roleFromLocation(): Role {
  const route = parseRoute(window.location.pathname);
  return route.kind === 'board' ? route.role : 'editor';
}

function ledgerKey(roomId: string): string {
  return `idea-board:unsaved:${roomId}`;
}

/** The local copy of an editor's board; null where IndexedDB is unavailable (the board then works online only). */
function openLocalCopy(roomId: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return new IndexeddbPersistence(localCopyName(roomId), doc);
  } catch {
    return null;
  }
}

/** True when this browser certainly holds no local copy of the room; false when it may (or cannot tell). */
async function localCopyMissing(roomId: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  try {
    const name = localCopyName(roomId);
    return !(await indexedDB.databases()).some((db) => db.name === name);
  } catch {
    return false;
  }
}

function localCopyName(roomId: string): string {
  return `idea-board:${roomId}`;
}

function holds(doc: Y.Doc, deleted: DeleteRanges | null, change: PendingChange): boolean {
  if (change.kind === 'insert') return Y.getState(doc.store, change.client) >= change.clock;
  if (!deleted) return true;
  return change.ranges.every(([client, clock, len]) =>
    (deleted.get(client) ?? []).some((item) => item.clock <= clock && clock + len <= item.clock + item.len),
  );
}
