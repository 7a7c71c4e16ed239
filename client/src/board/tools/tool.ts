import type { Box, Point } from '@idea-board/shared';
import type * as Y from 'yjs';
import type { History } from '../edit/history';
import type { StyleValues } from '../edit/styles';
import type { ElementIndex, ElementRecordLike } from '../store/elementIndex';
import type { ToolId } from './toolIds';

/** One pointer sample as tools see it. */
export interface ToolPointer {
  /** World coordinates. */
  world: Point;
  /** Canvas (screen) coordinates, CSS pixels. */
  screen: Point;
  shiftKey: boolean;
  altKey: boolean;
  /** Milliseconds, for double-click detection. */
  time: number;
  /** A finger (coarse): targets such as handles and thin lines get a larger reach. */
  coarse?: boolean;
}

/** What a tool may read and do; the board editor implements it. */
export interface ToolContext {
  readonly doc: Y.Doc;
  /** Origin of this person's transactions (undo tracks exactly it). */
  readonly origin: object;
  readonly history: History;
  readonly index: ElementIndex<ElementRecordLike>;
  readonly zoom: number;
  readonly style: StyleValues;
  readonly editable: boolean;
  readonly selection: ReadonlySet<string>;
  setSelection(ids: Iterable<string>): void;
  setMarquee(box: Box | null): void;
  /** Pans by screen pixels. */
  panBy(dx: number, dy: number): void;
  setTool(id: ToolId): void;
  /** Opens the in-place text editor on a text or sticky element (`isNew`: just placed by this person). */
  startEditing(id: string, isNew?: boolean): void;
}

/**
 * A tool is a small state machine fed pointer samples. `move` only records;
 * `flush` (once per animation frame, and before `up`) writes to the board, so
 * a fast pointer costs one transaction per frame.
 */
export interface Tool {
  readonly id: ToolId;
  /** What the user is doing now, e.g. 'idle', 'drawing', 'translating'. */
  readonly state: string;
  /** CSS cursor over the canvas. */
  readonly cursor: string;
  down(pointer: ToolPointer, ctx: ToolContext): void;
  move(pointer: ToolPointer, ctx: ToolContext): void;
  flush(ctx: ToolContext): void;
  up(pointer: ToolPointer, ctx: ToolContext): void;
  /** The gesture was interrupted (second finger, Escape, pointercancel). */
  cancel(ctx: ToolContext): void;
}

/** Screen pixels a pointer must travel before a press becomes a drag. */
export const DRAG_THRESHOLD = 4;

export function movedBeyond(a: Point, b: Point, threshold = DRAG_THRESHOLD): boolean {
  return Math.hypot(a.x - b.x, a.y - b.y) > threshold;
}

/** Rounds world coordinates to 1/100 unit: plenty for drawing, and keeps the document small. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
