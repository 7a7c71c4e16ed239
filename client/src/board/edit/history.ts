import * as Y from 'yjs';

/** How long a pause in typing separates two undo steps of one text edit. */
const TYPING_PAUSE_MS = 1000;

/**
 * Per-person undo and redo: one Y.UndoManager over the elements map that
 * tracks only this tab's origin, so undo never takes back someone else's work.
 *
 * Every write outside a group is its own step (captureTimeout 0). A group
 * (a drag, a pen stroke, a resize) merges all its writes into one step; a
 * typing group merges keystrokes until a pause.
 */
export class History {
  readonly #manager: Y.UndoManager;
  readonly #listeners = new Set<() => void>();
  #group: 'gesture' | 'typing' | null = null;
  /** Whether the open group has written anything (it then owns the top undo item). */
  #groupWrote = false;

  constructor(scope: Y.Map<unknown>, origin: object) {
    this.#manager = new Y.UndoManager(scope, { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
      this.#manager.on(event, this.#notify);
    }
    this.#manager.on('stack-item-added', (event) => {
      if (event.type === 'undo' && this.#group !== null) this.#groupWrote = true;
    });
  }

  get canUndo(): boolean {
    return this.#manager.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.#manager.redoStack.length > 0;
  }

  /** Starts one undo step that lasts until `end()`; a group of the same kind already open just continues. */
  begin(kind: 'gesture' | 'typing' = 'gesture'): void {
    if (this.#group === kind) return;
    this.#manager.stopCapturing();
    this.#group = kind;
    this.#groupWrote = false;
    this.#manager.captureTimeout = kind === 'gesture' ? Number.POSITIVE_INFINITY : TYPING_PAUSE_MS;
  }

  end(): void {
    if (this.#group === null) return;
    this.#group = null;
    this.#manager.captureTimeout = 0;
    this.#manager.stopCapturing();
  }

  /** Runs `write` as one undo step. */
  group(write: () => void): void {
    this.begin('gesture');
    try {
      write();
    } finally {
      this.end();
    }
  }

  /** Ends the open group and takes it back without a redo step (a new text box left empty leaves no trace). */
  revertGroup(): void {
    if (this.#group === null) return;
    const wrote = this.#groupWrote;
    this.end();
    if (!wrote) return;
    this.#manager.undo();
    this.#manager.redoStack.pop();
    this.#notify();
  }

  undo(): void {
    this.end();
    this.#manager.undo();
  }

  redo(): void {
    this.end();
    this.#manager.redo();
  }

  /** Called whenever the stacks change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    this.#listeners.clear();
    this.#manager.destroy();
  }

  #notify = (): void => {
    for (const listener of this.#listeners) listener();
  };
}
