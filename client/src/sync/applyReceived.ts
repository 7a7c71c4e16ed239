import * as Y from 'yjs';

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction | null) => void;

/**
 * Runs `apply`, which applies the received `update` to `doc`, without Yjs
 * encoding the resulting transaction again for the doc's `update` listeners;
 * afterwards those listeners get `update` itself, the bytes just applied.
 *
 * Why: Yjs re-encodes every transaction into a fresh update whenever anyone
 * listens to `update`, and someone always does (y-websocket, to send local
 * changes; y-indexeddb, to keep the local copy). For the first sync of a big
 * board that is a second pass over the whole board (~4 MB for 10,000
 * elements, a fifth of the time to apply it) to produce bytes equal in effect
 * to the ones we already hold. The listeners do not care which encoding they
 * get: y-websocket skips what its provider applied, y-indexeddb stores it.
 *
 * Equivalence with what Yjs would emit, case by case:
 * - the transaction changed nothing (an echo of our own change): no event,
 *   as Yjs;
 * - it changed something: one event, origin and transaction as Yjs; the bytes
 *   are the received update, which may also hold structs the doc already had
 *   (harmless: applying an update is idempotent);
 * - structs were pending before (received earlier without their
 *   dependencies) and may have been integrated now: the received bytes would
 *   not carry those, so the event gets `Y.encodeStateAsUpdate(doc, before)`
 *   instead, as does the apply if it threw half-way;
 * - observers made further transactions during the apply (none of ours
 *   does): each gets an event with a diff from its own start, with its origin,
 *   so y-websocket still sends a local change made there.
 * Listeners added during `apply` stay added.
 */
export function applyReceived(doc: Y.Doc, update: Uint8Array, apply: () => void): void {
  // `_observers` is lib0's public (underscore-named) listener table; Yjs itself checks it the same way.
  const observers = doc._observers;
  const listeners = observers.get('update') as Set<UpdateListener> | undefined;
  if (!listeners || listeners.size === 0) {
    apply();
    return;
  }
  const wasPending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  const transactions: Y.Transaction[] = [];
  const record = (transaction: Y.Transaction): void => {
    transactions.push(transaction);
  };
  observers.delete('update');
  doc.on('afterTransaction', record);
  let applied = false;
  try {
    apply();
    applied = true;
  } finally {
    doc.off('afterTransaction', record);
    const addedMeanwhile = observers.get('update') as Set<UpdateListener> | undefined;
    const restored = new Set(listeners);
    for (const listener of addedMeanwhile ?? []) restored.add(listener);
    observers.set('update', restored);
    transactions.forEach((transaction, i) => {
      if (!hasContent(transaction)) return;
      const exact = i === 0 && applied && !wasPending;
      const bytes = exact ? update : Y.encodeStateAsUpdate(doc, Y.encodeStateVector(transaction.beforeState));
      for (const listener of [...restored]) listener(bytes, transaction.origin, doc, transaction);
    });
  }
}

/** Yjs's own test before it emits `update`: new structs from some client, or deletions. */
function hasContent(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}
