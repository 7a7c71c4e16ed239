import type { BoardElement } from '@idea-board/shared';
import type { ElementRecordLike } from './elementIndex';

/** Whether two readings of an element draw and behave the same (every field but the live text handle). */
export function sameElement(a: BoardElement, b: BoardElement): boolean {
  if (
    a.id !== b.id ||
    a.type !== b.type ||
    a.x !== b.x ||
    a.y !== b.y ||
    a.z !== b.z ||
    a.rotation !== b.rotation ||
    a.stroke !== b.stroke ||
    a.fill !== b.fill ||
    a.strokeWidth !== b.strokeWidth ||
    a.author !== b.author ||
    a.createdAt !== b.createdAt
  ) {
    return false;
  }
  if ('points' in a) return 'points' in b && samePoints(a.points, b.points);
  if ('points' in b || a.w !== b.w || a.h !== b.h) return false;
  if ('text' in a) return 'text' in b && a.text === b.text;
  return !('text' in b);
}

function samePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * When `next` reads the same as the record's element, the record keeps its
 * element object, so nothing that draws it runs again; it only takes the
 * document's text handle (a preview's text has none). True when adopted.
 */
export function adoptUnchanged(record: ElementRecordLike, next: BoardElement): boolean {
  const current = record.element;
  if (!sameElement(current, next)) return false;
  // The handle is not drawn, so setting it on the (non-reactive) element object re-renders nothing.
  if ('ytext' in current && 'ytext' in next) current.ytext = next.ytext;
  return true;
}
