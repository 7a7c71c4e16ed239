import { boxFromPoints, moveElements, setBoxes, type Box, type Point } from '@idea-board/shared';
import { handleAt, mapBox, resizeBox, toRect, type Handle } from '../edit/resize';
import { selectedBoxes, selectionBox } from '../edit/selectionBox';
import { PlaceTool } from './placeTool';
import { movedBeyond, round2, type Tool, type ToolContext, type ToolPointer } from './tool';

/** Screen pixels around a point that still hit a thin line (a finger gets more). */
const HIT_TOLERANCE = 5;
const COARSE_HIT_TOLERANCE = 12;
/** Screen pixels around a resize handle that grab it, for a finger. */
const COARSE_HANDLE_RADIUS = 18;
/** Two presses this close in time and space make a double-click. */
const DOUBLE_CLICK_MS = 400;
const DOUBLE_CLICK_PX = 6;

type SelectState = 'idle' | 'pointing' | 'pointingHandle' | 'pointingCanvas' | 'translating' | 'resizing' | 'marquee';

/**
 * Click, shift-click and marquee selection; drag to move; handles to resize;
 * double-click a note or text to edit it (or empty canvas to write text).
 * A whole drag or resize is one undo step. Viewers can select but not change.
 */
export class SelectTool implements Tool {
  readonly id = 'select';
  #state: SelectState = 'idle';
  #start: ToolPointer | null = null;
  #current: ToolPointer | null = null;
  #hitId: string | null = null;
  #toggleOffOnUp = false;
  #dirty = false;
  /** Translating: the world delta already written. */
  #applied: Point = { x: 0, y: 0 };
  /** Resizing: the handle and the boxes at the press. */
  #handle: Handle | null = null;
  #startBox: Box | null = null;
  #startBoxes = new Map<string, Box>();
  /** Marquee: the selection it adds to (shift). */
  #baseSelection: string[] = [];
  #lastPress: { time: number; screen: Point; id: string | null } | null = null;
  #hoverHandle: Handle | null = null;

  get state(): string {
    return this.#state;
  }

  get cursor(): string {
    return this.#state === 'translating' ? 'move' : 'default';
  }

  /** The handle under the pointer while idle, so the canvas can show a resize cursor. */
  get hoverHandle(): Handle | null {
    return this.#hoverHandle;
  }

  down(pointer: ToolPointer, ctx: ToolContext): void {
    this.#start = pointer;
    this.#current = pointer;
    this.#dirty = false;
    const doubleClick = this.#isDoubleClick(pointer);

    if (ctx.editable && ctx.selection.size > 0) {
      const box = selectionBox(ctx.index, ctx.selection);
      const handle = box ? handleAt(box, pointer.world, ctx.zoom, pointer.coarse ? COARSE_HANDLE_RADIUS : undefined) : null;
      if (box && handle) {
        this.#handle = handle;
        this.#startBox = box;
        this.#startBoxes = selectedBoxes(ctx.index, ctx.selection);
        this.#state = 'pointingHandle';
        this.#lastPress = null;
        return;
      }
    }

    const hit = ctx.index.topmostAt(pointer.world, (pointer.coarse ? COARSE_HIT_TOLERANCE : HIT_TOLERANCE) / ctx.zoom);
    this.#lastPress = { time: pointer.time, screen: pointer.screen, id: hit?.id ?? null };
    if (hit) {
      const type = hit.element.type;
      if (doubleClick === hit.id && ctx.editable && (type === 'text' || type === 'sticky')) {
        ctx.setSelection([hit.id]);
        ctx.startEditing(hit.id);
        this.#state = 'idle';
        return;
      }
      this.#hitId = hit.id;
      this.#toggleOffOnUp = false;
      if (pointer.shiftKey) {
        if (ctx.selection.has(hit.id)) this.#toggleOffOnUp = true;
        else ctx.setSelection([...ctx.selection, hit.id]);
      } else if (!ctx.selection.has(hit.id)) {
        ctx.setSelection([hit.id]);
      }
      this.#state = 'pointing';
      return;
    }

    if (doubleClick === '' && ctx.editable) {
      // Double-click on empty canvas: write text there.
      const place = new PlaceTool('text');
      place.down(pointer, ctx);
      place.up(pointer, ctx);
      this.#state = 'idle';
      return;
    }
    this.#baseSelection = pointer.shiftKey ? [...ctx.selection] : [];
    if (!pointer.shiftKey) ctx.setSelection([]);
    this.#state = 'pointingCanvas';
  }

  move(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state === 'idle') {
      const box = ctx.editable && ctx.selection.size > 0 ? selectionBox(ctx.index, ctx.selection) : null;
      this.#hoverHandle = box ? handleAt(box, pointer.world, ctx.zoom) : null;
      return;
    }
    this.#current = pointer;
    const dragged = this.#start !== null && movedBeyond(pointer.screen, this.#start.screen);
    switch (this.#state) {
      case 'pointing':
        if (dragged && ctx.editable) {
          ctx.history.begin();
          this.#applied = { x: 0, y: 0 };
          this.#state = 'translating';
          this.#dirty = true;
        }
        break;
      case 'pointingHandle':
        if (dragged) {
          ctx.history.begin();
          this.#state = 'resizing';
          this.#dirty = true;
        }
        break;
      case 'pointingCanvas':
        if (dragged) {
          this.#state = 'marquee';
          this.#dirty = true;
        }
        break;
      default:
        this.#dirty = true;
    }
  }

  flush(ctx: ToolContext): void {
    if (!this.#dirty || !this.#start || !this.#current) return;
    this.#dirty = false;
    const dx = this.#current.world.x - this.#start.world.x;
    const dy = this.#current.world.y - this.#start.world.y;
    switch (this.#state) {
      case 'translating': {
        const stepX = round2(dx - this.#applied.x);
        const stepY = round2(dy - this.#applied.y);
        moveElements(ctx.doc, ctx.origin, ctx.selection, stepX, stepY);
        this.#applied = { x: this.#applied.x + stepX, y: this.#applied.y + stepY };
        break;
      }
      case 'resizing': {
        const from = this.#startBox!;
        const to = resizeBox(from, this.#handle!, dx, dy, this.#current.shiftKey);
        const changes = [...this.#startBoxes].map(([id, box]) => {
          const rect = toRect(mapBox(box, from, to));
          return { id, box: { x: round2(rect.x), y: round2(rect.y), w: round2(rect.w), h: round2(rect.h) } };
        });
        setBoxes(ctx.doc, ctx.origin, changes);
        break;
      }
      case 'marquee': {
        const box = boxFromPoints(this.#start.world, this.#current.world);
        ctx.setMarquee(box);
        ctx.setSelection(new Set([...this.#baseSelection, ...ctx.index.idsInside(box)]));
        break;
      }
    }
  }

  up(pointer: ToolPointer, ctx: ToolContext): void {
    this.#current = pointer;
    switch (this.#state) {
      case 'pointing':
        if (this.#hitId !== null) {
          const id = this.#hitId;
          if (this.#toggleOffOnUp) ctx.setSelection([...ctx.selection].filter((other) => other !== id));
          else if (!pointer.shiftKey && ctx.selection.size > 1) ctx.setSelection([id]);
        }
        break;
      case 'translating':
      case 'resizing':
        this.#dirty = true;
        this.flush(ctx);
        ctx.history.end();
        break;
      case 'marquee':
        this.#dirty = true;
        this.flush(ctx);
        ctx.setMarquee(null);
        break;
    }
    this.#reset();
  }

  cancel(ctx: ToolContext): void {
    if (this.#state === 'translating' || this.#state === 'resizing') ctx.history.end();
    if (this.#state === 'marquee') ctx.setMarquee(null);
    this.#reset();
  }

  #reset(): void {
    this.#state = 'idle';
    this.#start = null;
    this.#current = null;
    this.#hitId = null;
    this.#handle = null;
    this.#startBox = null;
    this.#startBoxes = new Map();
    this.#toggleOffOnUp = false;
    this.#dirty = false;
  }

  /** The id ('' for empty canvas) pressed twice in a row, or null when this press is not a double-click. */
  #isDoubleClick(pointer: ToolPointer): string | null {
    const last = this.#lastPress;
    if (!last || pointer.time - last.time > DOUBLE_CLICK_MS || movedBeyond(pointer.screen, last.screen, DOUBLE_CLICK_PX)) return null;
    this.#lastPress = null;
    return last.id ?? '';
  }
}
