import { deleteElements, elementsMap, replaceText, restyleElements, setBox, type Box, type Point, type Style } from '@idea-board/shared';
import type * as Y from 'yjs';
import type { Viewport } from '../camera/viewport.svelte';
import type { Command } from '../input/shortcuts';
import type { ElementIndex } from '../store/elementIndex';
import type { ElementRecord } from '../store/elementStore.svelte';
import { createTool } from '../tools/createTool';
import type { Tool, ToolContext } from '../tools/tool';
import { toolInfo, type ToolId } from '../tools/toolIds';
import { measureFor, measureText } from '../render/measure';
import { TEXT_STYLE, textHeight, wrapLines } from '../render/textLayout';
import {
  arrangeSelection,
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  nudgeSelection,
  pasteText,
  selectAll,
} from './commands';
import { History } from './history';
import { DEFAULT_STYLE, type StyleValues } from './styles';

/** Where the board reports this person's pointer and selection (live presence; optional). */
export interface PresenceSink {
  setCursor(world: Point | null): void;
  setSelection(ids: readonly string[]): void;
}

export interface EditorOptions {
  doc: Y.Doc;
  origin: object;
  index: ElementIndex<ElementRecord>;
  viewport: Viewport;
  /** Whether this person may change the board now (editor role and a live connection). */
  canEdit: () => boolean;
}

/**
 * UI state of one board for one person, as runes: the active tool, the
 * selection, the element being edited, the style for new elements, grid and
 * undo availability. It is the tools' context and runs the keyboard and
 * toolbar commands; board writes go through shared operations with `origin`.
 */
export class BoardEditor implements ToolContext {
  readonly doc: Y.Doc;
  readonly origin: object;
  readonly index: ElementIndex<ElementRecord>;
  readonly viewport: Viewport;
  readonly history: History;
  readonly #canEdit: () => boolean;

  #toolId = $state<ToolId>('select');
  #tool: Tool = createTool('select');
  // The selection is an immutable snapshot, replaced (never mutated) on change.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #selection = $state.raw<ReadonlySet<string>>(new Set());
  #marquee = $state.raw<Box | null>(null);
  #editing = $state<{ id: string; isNew: boolean } | null>(null);
  #canUndo = $state(false);
  #canRedo = $state(false);
  style = $state<StyleValues>({ ...DEFAULT_STYLE });
  showGrid = $state(true);
  spaceHeld = $state(false);
  /** Bumped after pointer events so the canvas cursor follows the tool's state. */
  cursorVersion = $state(0);
  presence: PresenceSink | null = null;
  readonly #unsubscribe: Array<() => void>;

  constructor(options: EditorOptions) {
    this.doc = options.doc;
    this.origin = options.origin;
    this.index = options.index;
    this.viewport = options.viewport;
    this.#canEdit = options.canEdit;
    this.history = new History(elementsMap(options.doc), options.origin);
    this.#unsubscribe = [
      this.history.subscribe(() => {
        this.#canUndo = this.history.canUndo;
        this.#canRedo = this.history.canRedo;
      }),
      this.index.subscribe((changes) => {
        // Elements deleted here or elsewhere (or undone) leave the selection and the editor.
        const gone = changes.filter((change) => change.after === null).map((change) => change.id);
        if (gone.length === 0) return;
        if (gone.some((id) => this.#selection.has(id))) this.setSelection([...this.#selection].filter((id) => !gone.includes(id)));
        if (this.#editing && gone.includes(this.#editing.id)) {
          // Deleted while being edited (by someone else, or undone): close the editor and its undo group.
          this.#editing = null;
          this.history.end();
        }
      }),
    ];
  }

  destroy(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.history.destroy();
  }

  get editable(): boolean {
    return this.#canEdit();
  }

  get zoom(): number {
    return this.viewport.zoom;
  }

  get toolId(): ToolId {
    return this.#toolId;
  }

  get tool(): Tool {
    return this.#tool;
  }

  get selection(): ReadonlySet<string> {
    return this.#selection;
  }

  get marquee(): Box | null {
    return this.#marquee;
  }

  get editingId(): string | null {
    return this.#editing?.id ?? null;
  }

  get canUndo(): boolean {
    return this.#canUndo && this.editable;
  }

  get canRedo(): boolean {
    return this.#canRedo && this.editable;
  }

  setTool(id: ToolId): void {
    if (toolInfo(id).edits && !this.editable) return;
    if (id === this.#toolId) return;
    this.#tool.cancel(this);
    this.#toolId = id;
    this.#tool = createTool(id);
    if (id !== 'select' && id !== 'hand') this.setSelection([]);
    this.cursorVersion++;
  }

  setSelection(ids: Iterable<string>): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh immutable snapshot (see #selection)
    const next = new Set(ids);
    const current = this.#selection;
    if (next.size === current.size && [...next].every((id) => current.has(id))) return;
    this.#selection = next;
    this.presence?.setSelection([...next]);
  }

  setMarquee(box: Box | null): void {
    this.#marquee = box;
  }

  panBy(dx: number, dy: number): void {
    this.viewport.panBy(dx, dy);
  }

  startEditing(id: string, isNew = false): void {
    const record = this.index.get(id);
    const type = record?.element.type;
    if (!this.editable || (type !== 'text' && type !== 'sticky')) {
      if (isNew) this.history.end();
      return;
    }
    if (this.#editing?.id !== id) this.stopEditing();
    this.history.begin('typing');
    this.#editing = { id, isNew };
    this.setSelection([id]);
  }

  /** Closes the in-place editor; a text box left empty goes (one just placed leaves no undo step). */
  stopEditing(): void {
    const editing = this.#editing;
    if (!editing) return;
    this.#editing = null;
    const element = this.index.get(editing.id)?.element;
    if (element?.type === 'text' && element.text.trim() === '') {
      if (editing.isNew) {
        this.history.revertGroup();
        return;
      }
      deleteElements(this.doc, this.origin, [editing.id]);
    }
    this.history.end();
  }

  /** Writes the editor's text (minimal splice, so others' concurrent typing survives). */
  editText(id: string, next: string): void {
    const element = this.index.get(id)?.element;
    if (!this.editable || !element || (element.type !== 'text' && element.type !== 'sticky') || !element.ytext) return;
    replaceText(element.ytext, this.origin, next);
    if (element.type === 'text') this.#fitTextHeight(id);
  }

  /** A text box grows and shrinks with its lines (part of the same typing step). */
  #fitTextHeight(id: string): void {
    const element = this.index.get(id)?.element;
    if (element?.type !== 'text') return;
    const { padding, fontSize } = TEXT_STYLE.text;
    const lines = wrapLines(element.text, Math.max(element.w - 2 * padding, fontSize), measureFor('text')).length;
    const h = textHeight('text', lines);
    if (Math.abs(h - element.h) > 0.5) setBox(this.doc, this.origin, id, { x: element.x, y: element.y, w: element.w, h });
  }

  /** Applies a style change to new elements and to the selection (notes take only the note colour as fill); one undo step. */
  applyStyle(change: Partial<StyleValues>): void {
    Object.assign(this.style, change);
    if (!this.editable || this.#selection.size === 0) return;
    const notes: string[] = [];
    const others: string[] = [];
    for (const id of this.#selection) (this.index.get(id)?.element.type === 'sticky' ? notes : others).push(id);
    const lines: Style = {};
    if (change.stroke !== undefined) lines.stroke = change.stroke;
    if (change.strokeWidth !== undefined) lines.strokeWidth = change.strokeWidth;
    this.history.group(() => {
      if (Object.keys(lines).length > 0) restyleElements(this.doc, this.origin, this.#selection, lines);
      if (change.fill !== undefined && others.length > 0) restyleElements(this.doc, this.origin, others, { fill: change.fill });
      if (change.stickyFill !== undefined && notes.length > 0) restyleElements(this.doc, this.origin, notes, { fill: change.stickyFill });
    });
  }

  undo(): void {
    if (!this.editable) return;
    this.stopEditing();
    this.history.undo();
  }

  redo(): void {
    if (!this.editable) return;
    this.stopEditing();
    this.history.redo();
  }

  copy(): string | null {
    return copySelection(this);
  }

  cut(): string | null {
    return cutSelection(this);
  }

  /** Pastes at `at` (world) or the middle of the view. */
  paste(text: string | null, at: Point | null): void {
    pasteText(this, text, at ?? this.viewport.centre(), measureText);
  }

  zoomToFit(): void {
    this.viewport.fit(this.#selection.size > 0 ? this.index.unionBounds(this.#selection) : this.index.unionBounds());
  }

  run(command: Command): void {
    switch (command.kind) {
      case 'tool':
        return this.setTool(command.tool);
      case 'undo':
        return this.undo();
      case 'redo':
        return this.redo();
      case 'delete':
        return deleteSelection(this);
      case 'duplicate':
        return duplicateSelection(this);
      case 'selectAll':
        return selectAll(this);
      case 'bringToFront':
        return arrangeSelection(this, 'front');
      case 'sendToBack':
        return arrangeSelection(this, 'back');
      case 'nudge':
        return nudgeSelection(this, command.dx, command.dy);
      case 'zoomIn':
        return this.viewport.zoomIn();
      case 'zoomOut':
        return this.viewport.zoomOut();
      case 'zoomReset':
        return this.viewport.resetZoom();
      case 'zoomFit':
        return this.zoomToFit();
      case 'toggleGrid':
        this.showGrid = !this.showGrid;
        return;
      case 'edit': {
        const [only] = this.#selection;
        if (this.#selection.size === 1 && only !== undefined) this.startEditing(only);
        return;
      }
      case 'escape':
        if (this.#editing) return this.stopEditing();
        this.#tool.cancel(this);
        if (this.#toolId !== 'select') this.setTool('select');
        else this.setSelection([]);
        return;
    }
  }
}
