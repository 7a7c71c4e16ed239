import { boardToSvg, readBoard, readTitle, type BoardElement } from '@idea-board/shared';
import * as Y from 'yjs';

/**
 * A past board (a snapshot's or a moment's Yjs state) drawn read-only with the
 * shared renderer, the same one the server uses for exports and thumbnails.
 * The markup is safe to insert: the renderer reads elements through the
 * validating parser and escapes every string it writes.
 */

export interface RenderedBoard {
  svg: string;
  title: string;
  elementCount: number;
}

export function renderElements(elements: BoardElement[], title: string): RenderedBoard {
  return { svg: boardToSvg(elements, { title, padding: 48 }), title, elementCount: elements.length };
}

export function renderState(state: Uint8Array): RenderedBoard {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return renderElements(readBoard(doc), readTitle(doc));
  } finally {
    doc.destroy();
  }
}

/** The live board as an SVG document (exports), from the tab's own copy: includes edits not yet saved. */
export function liveBoardSvg(doc: Y.Doc): string {
  return boardToSvg(readBoard(doc), { title: readTitle(doc) });
}

/** A file name from the board title: "Team retro.png". Keeps letters of any script, drops path and control characters. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${base || 'board'}.${extension}`;
}
