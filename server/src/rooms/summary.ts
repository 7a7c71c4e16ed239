import type * as Y from 'yjs';
import { readBoard, readTitle } from '@idea-board/shared';
import type { RoomSummary } from '../store/Store.js';

/** The board-level facts stored beside a checkpoint, read from the document (valid elements only). */
export function summarizeDocument(doc: Y.Doc): RoomSummary {
  return { title: readTitle(doc), elementCount: readBoard(doc).length };
}
