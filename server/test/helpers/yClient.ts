import * as Y from 'yjs';
import { connectClient, type YClient } from '../../bench/support/yClient.js';
import { waitFor } from './waitFor.js';

// The stock y-websocket client is the benchmarks' too: one set-up for both.
export { connectClient, type YClient };

export async function connectSynced(serverUrl: string, roomId: string): Promise<YClient> {
  const client = connectClient(serverUrl, roomId);
  await waitFor('client synced', () => client.provider.synced);
  return client;
}

/** Writes one sticky element into the board schema (elements map of Y.Maps). */
export function addSticky(doc: Y.Doc, id: string, text: string, x = 0, y = 0): void {
  doc.transact(() => {
    const element = new Y.Map<unknown>();
    element.set('type', 'sticky');
    element.set('x', x);
    element.set('y', y);
    element.set('w', 200);
    element.set('h', 200);
    element.set('fill', '#ffd43b');
    element.set('z', 'a0');
    const ytext = new Y.Text();
    ytext.insert(0, text);
    element.set('text', ytext);
    doc.getMap('elements').set(id, element);
  });
}

/** The element ids and texts of a board, for comparing two replicas. */
export function boardSnapshot(doc: Y.Doc): Record<string, unknown> {
  return doc.getMap('elements').toJSON();
}

/** JSON of a whole document with object keys sorted: equal for replicas in the same state. */
export function canonicalState(doc: Y.Doc): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return JSON.stringify(sortKeys({ elements: doc.getMap('elements').toJSON(), meta: doc.getMap('meta').toJSON() }));
}
