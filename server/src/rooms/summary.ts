import * as Y from 'yjs';
import { ELEMENTS_KEY, isElementType, readTitle } from '@idea-board/shared';
import type { RoomSummary } from '../store/Store.js';

/**
 * The board-level facts stored beside a checkpoint, read from the document.
 * Elements are counted by their type alone: a full parse of every point of a
 * large board would make each checkpoint cost as much as a render.
 */
export function summarizeDocument(doc: Y.Doc): RoomSummary {
  let elementCount = 0;
  doc.getMap<unknown>(ELEMENTS_KEY).forEach((value) => {
    if (value instanceof Y.Map && isElementType(value.get('type'))) elementCount += 1;
  });
  return { title: readTitle(doc), elementCount };
}
