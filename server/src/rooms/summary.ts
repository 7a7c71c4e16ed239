import type * as Y from 'yjs';
import type { RoomSummary } from '../store/Store.js';

/** The board-level facts stored beside a checkpoint, read from the document. */
export function summarizeDocument(doc: Y.Doc): RoomSummary {
  const title = doc.getMap('meta').get('title');
  return {
    title: typeof title === 'string' ? title : 'Untitled board',
    elementCount: doc.getMap('elements').size,
  };
}
