import { readExportedBoard, type BoardElement } from '@idea-board/shared';

/**
 * - `waiting`: no preview yet, and the live document has not loaded (nothing may be
 *   edited yet: a preview may still come, and edits would be made against a blank board)
 * - `showing`: the preview is drawn, read-only, until the live document loads
 * - `live`: the live document took over from the preview
 * - `unused`: no preview was (or will be) shown: the live document came first,
 *   the preview was empty, unreadable or unavailable
 */
export type PreviewPhase = 'waiting' | 'showing' | 'live' | 'unused';

/** While a preview shows or may still come, the board is not (yet) the live document: no edits. */
export function previewBlocksEditing(phase: PreviewPhase): boolean {
  return phase === 'showing' || phase === 'waiting';
}

/** What shows the preview's elements and hands over to the document (the board's `ElementIndex`). */
export interface PreviewTarget {
  showPreview(elements: readonly BoardElement[]): boolean;
  goLive(): void;
}

/**
 * Render first, hydrate after: a large board's live document takes about a
 * second to apply once its bytes arrive, so the page first draws the board
 * from its preview (`GET /api/rooms/<id>/preview.json`, plain JSON, see
 * `previewSource.ts`), read-only, and switches to the document once that has
 * loaded (the local copy or the server's sync), keeping the nodes of elements
 * that did not change.
 *
 * The rules: a preview is shown only while the live document has loaded
 * nothing (`isLive` false) and only if it has elements; once the document has
 * loaded, a preview that arrives is ignored; nothing may be edited while the
 * preview shows or may still come (`blocksEditing`; the page stops waiting
 * after a while with `abandon`). Plain TypeScript: the page mirrors `phase`
 * into its runes through `subscribe`.
 */
export class BoardPreview {
  #phase: PreviewPhase = 'waiting';
  #title: string | null = null;
  readonly #target: PreviewTarget;
  readonly #isLive: () => boolean;
  readonly #listeners = new Set<(phase: PreviewPhase) => void>();

  constructor(target: PreviewTarget, isLive: () => boolean) {
    this.#target = target;
    this.#isLive = isLive;
  }

  get phase(): PreviewPhase {
    return this.#phase;
  }

  /** See previewBlocksEditing. */
  get blocksEditing(): boolean {
    return previewBlocksEditing(this.#phase);
  }

  /** The board's title as the preview had it (null when none shown or untitled). */
  get title(): string | null {
    return this.#title;
  }

  subscribe(listener: (phase: PreviewPhase) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The preview's body arrived (untrusted JSON, or null when it could not be had). Shown if it still may be. */
  offer(body: unknown): void {
    if (this.#phase !== 'waiting') return;
    const board = this.#isLive() ? null : readExportedBoard(body);
    if (!board || board.elements.length === 0 || !this.#target.showPreview(board.elements)) {
      this.#set('unused');
      return;
    }
    this.#title = board.title;
    this.#set('showing');
  }

  /** The live document has loaded: it replaces the preview, or the preview is no longer wanted. */
  live(): void {
    if (this.#phase === 'showing') {
      this.#target.goLive();
      this.#set('live');
    } else if (this.#phase === 'waiting') {
      this.#set('unused');
    }
  }

  /** Stops waiting for a preview that has not come (it is ignored if it still does); one already shown stays. */
  abandon(): void {
    if (this.#phase === 'waiting') this.#set('unused');
  }

  /** The page is leaving: a preview that arrives later is ignored. */
  destroy(): void {
    this.abandon();
    this.#listeners.clear();
  }

  #set(phase: PreviewPhase): void {
    this.#phase = phase;
    for (const listener of this.#listeners) listener(phase);
  }
}
