import { newRandomId } from '@idea-board/shared';
import * as Y from 'yjs';
import { diffText } from './textDiff';

/**
 * Named board writes. Each runs in one `doc.transact` with the caller's origin,
 * so a future per-user undo manager can track exactly the local changes.
 *
 * TODO(shared): STYLE.md puts these operations in `shared/`; they live here
 * until the shared element module exists, and should move there unchanged.
 */

export const ELEMENTS_KEY = 'elements';

/** The element map; its values are whatever editors wrote, so read them through `parseElement`. */
export function elementsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ELEMENTS_KEY);
}

export interface NewSticky {
  x: number;
  y: number;
  w: number;
  h: number;
  z: string;
  fill: string;
  text?: string;
  author?: string;
}

/** Creates a sticky note; returns its new element id. */
export function addSticky(doc: Y.Doc, origin: unknown, sticky: NewSticky): string {
  const id = newRandomId();
  doc.transact(() => {
    const element = new Y.Map<unknown>();
    element.set('type', 'sticky');
    element.set('x', sticky.x);
    element.set('y', sticky.y);
    element.set('w', sticky.w);
    element.set('h', sticky.h);
    element.set('z', sticky.z);
    element.set('fill', sticky.fill);
    element.set('text', new Y.Text(sticky.text ?? ''));
    if (sticky.author !== undefined) element.set('author', sticky.author);
    element.set('createdAt', Date.now());
    elementsOf(doc).set(id, element);
  }, origin);
  return id;
}

/** Turns the element text into `next` with the smallest splice, keeping concurrent edits elsewhere. */
export function replaceText(text: Y.Text, origin: unknown, next: string): void {
  const change = diffText(text.toString(), next);
  if (!change) return;
  const apply = (): void => {
    if (change.deleteCount > 0) text.delete(change.index, change.deleteCount);
    if (change.insert.length > 0) text.insert(change.index, change.insert);
  };
  if (text.doc) text.doc.transact(apply, origin);
  else apply();
}
