import * as Y from 'yjs';
import { replaceText } from '@idea-board/shared';

/**
 * The one update that turns `current` into the content of `target`, written
 * as a new change on top of the current history (nothing is deleted from the
 * history, and restoring an older state again undoes it). Unchanged elements
 * and fields are left alone, so the change is as small as the difference and
 * concurrent edits to untouched elements survive. Null when nothing differs.
 */
export function restoreChange(current: Y.Doc, target: Y.Doc): Uint8Array | null {
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(current));
  const updates: Uint8Array[] = [];
  work.on('update', (update: Uint8Array) => updates.push(update));
  work.transact(() => {
    for (const name of ['meta', 'elements']) syncMap(work.getMap<unknown>(name), target.getMap<unknown>(name));
  });
  work.destroy();
  return updates.length > 0 ? Y.mergeUpdates(updates) : null;
}

function syncMap(dst: Y.Map<unknown>, src: Y.Map<unknown>): void {
  for (const key of [...dst.keys()]) if (!src.has(key)) dst.delete(key);
  src.forEach((value, key) => {
    const existing = dst.get(key);
    if (value instanceof Y.Map && existing instanceof Y.Map) syncMap(existing as Y.Map<unknown>, value as Y.Map<unknown>);
    else if (value instanceof Y.Text && existing instanceof Y.Text) replaceText(existing, null, value.toString());
    else if (!sameValue(existing, value)) dst.set(key, cloneValue(value));
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) {
    if (a instanceof Y.Array && b instanceof Y.Array) return JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
    return false;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) return false;
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A fresh copy of a value from another document (shared types cannot be moved between docs). */
function cloneValue(value: unknown): unknown {
  if (value instanceof Y.Text) {
    const text = new Y.Text();
    text.applyDelta(value.toDelta());
    return text;
  }
  if (value instanceof Y.Array) {
    const array = new Y.Array<unknown>();
    array.push(value.toArray().map(cloneValue));
    return array;
  }
  if (value instanceof Y.Map) {
    const map = new Y.Map<unknown>();
    (value as Y.Map<unknown>).forEach((v, k) => map.set(k, cloneValue(v)));
    return map;
  }
  if (value instanceof Y.AbstractType) return null;
  return value;
}
