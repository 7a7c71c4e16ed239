import * as Y from 'yjs';

/**
 * Ids of the elements that a batch of `observeDeep` events on the element map
 * touched: added, removed or replaced entries of the map itself, and any
 * change nested inside an element (its fields, its text, its points).
 */
export function touchedElementIds(
  elements: Y.Map<unknown>,
  events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>,
): Set<string> {
  const touched = new Set<string>();
  for (const event of events) {
    if (event.target === elements) {
      // `keysChanged` is a plain set; `changes.keys` would also work out each key's old value.
      const keys = event instanceof Y.YMapEvent ? event.keysChanged : event.changes.keys.keys();
      for (const key of keys) if (typeof key === 'string') touched.add(key);
    } else {
      // Paths are relative to the observed map: the first step is the element id.
      const id = event.path[0];
      if (typeof id === 'string') touched.add(id);
    }
  }
  return touched;
}
