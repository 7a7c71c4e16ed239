import * as Y from 'yjs';
import type { HistoryEntry } from '../store/Store.js';

/** The board's state as of the given log entries (everything up to a past moment), as one update. */
export function stateFromHistory(entries: HistoryEntry[], base: Uint8Array | null = null): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (base) Y.applyUpdate(doc, base);
    for (const entry of entries) {
      try {
        Y.applyUpdate(doc, entry.update);
      } catch {
        // Only validated updates are logged; one that fails is skipped rather than losing the rest.
      }
    }
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
