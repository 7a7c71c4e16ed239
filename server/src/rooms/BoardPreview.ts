import type * as Y from 'yjs';
import { boardExport, boxesIntersect, elementBounds, exportElement, readBoard, readTitle, type Box, type ExportedElement } from '@idea-board/shared';

/**
 * A room's board in the export format, as JSON text: what a page shows while
 * its live copy of a large board is still syncing. Read from the document once
 * per change (the room calls `forget` on each), so a crowd opening the same
 * board costs one read.
 */
export class BoardPreview {
  /** The valid elements with their bounds, and the whole board's JSON once asked for. */
  private cache: { title: string; elements: { bounds: Box; element: ExportedElement }[]; whole: string | null } | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly now: () => number,
  ) {}

  /** The document changed. */
  forget(): void {
    this.cache = null;
  }

  /**
   * The whole board, or with `near` only the elements whose bounds meet that
   * box (what the page's first view shows): a page needs those at once.
   */
  json(near?: Box): string {
    const cache = (this.cache ??= {
      title: readTitle(this.doc),
      elements: readBoard(this.doc).map((element) => ({ bounds: elementBounds(element), element: exportElement(element) })),
      whole: null,
    });
    const body = (elements: ExportedElement[]): string => JSON.stringify(boardExport(cache.title, elements, new Date(this.now())));
    if (!near) {
      cache.whole ??= body(cache.elements.map((entry) => entry.element));
      return cache.whole;
    }
    return body(cache.elements.filter(({ bounds }) => boxesIntersect(bounds, near)).map((entry) => entry.element));
  }
}
