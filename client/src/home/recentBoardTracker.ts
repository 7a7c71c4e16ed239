import type { Role } from '@idea-board/shared';
import type * as Y from 'yjs';
import { getRoomInfo } from '../api/rooms';
import { browserStore, type KeyValueStore } from '../storage/localStore';
import { recordVisit, renameRecent, updateRecentBoards } from '../storage/recentBoards';

/**
 * Keeps the home page's "Recent boards" in step with an open board: records
 * the visit now, and the title whenever it is known or changes. The title
 * comes from the board document (`meta.title`); until the document has one
 * (before the first sync, or offline), from `GET /api/rooms/<id>`.
 * Returns the function that stops tracking.
 */
export function trackRecentBoard(
  board: { id: string; role: Role; doc: Y.Doc },
  options: { store?: KeyValueStore; now?: () => number; fetchTitle?: (id: string, signal: AbortSignal) => Promise<string> } = {},
): () => void {
  const store = options.store ?? browserStore();
  const now = options.now ?? Date.now;
  const fetchTitle = options.fetchTitle ?? ((id, signal) => getRoomInfo(id, signal).then((info) => info.title));
  const meta = board.doc.getMap('meta');
  const docTitle = (): string | null => {
    const title = meta.get('title');
    return typeof title === 'string' && title.trim() ? title : null;
  };

  updateRecentBoards((boards) => recordVisit(boards, { id: board.id, role: board.role, title: docTitle(), at: now() }), store);

  const rename = (title: string): void => {
    updateRecentBoards((boards) => renameRecent(boards, board.id, title), store);
  };
  const onMeta = (event: Y.YMapEvent<unknown>): void => {
    const title = docTitle();
    if (event.keysChanged.has('title') && title) rename(title);
  };
  meta.observe(onMeta);

  const controller = new AbortController();
  fetchTitle(board.id, controller.signal).then(
    (title) => {
      if (!docTitle() && title) rename(title);
    },
    () => {
      // Offline or refused: the title already stored (or "Untitled board") stays.
    },
  );

  return () => {
    controller.abort();
    meta.unobserve(onMeta);
  };
}
