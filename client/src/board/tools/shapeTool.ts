import { boxFromPoints, createElement, setBox, setPoints, type Point } from '@idea-board/shared';
import { DEFAULT_LINE_LENGTH, DEFAULT_SHAPE_SIZE } from '../edit/styles';
import { movedBeyond, round2, type Tool, type ToolContext, type ToolPointer } from './tool';

type ShapeKind = 'rect' | 'ellipse' | 'line' | 'arrow';

/** Snaps the vector (dx, dy) to the nearest 15 degrees (shift while drawing a line). */
export function snapAngle(dx: number, dy: number, step = Math.PI / 12): Point {
  const length = Math.hypot(dx, dy);
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  return { x: length * Math.cos(angle), y: length * Math.sin(angle) };
}

/**
 * Rectangle, ellipse, line and arrow: press, drag to size, release. The
 * element is created once the drag starts and resized each frame (one undo
 * step); a click without a drag places a default-sized one. Afterwards the
 * new element is selected and the select tool comes back.
 */
export class ShapeTool implements Tool {
  readonly cursor = 'crosshair';
  readonly id: ShapeKind;
  #state: 'idle' | 'pointing' | 'sizing' = 'idle';
  #start: ToolPointer | null = null;
  #current: ToolPointer | null = null;
  #elementId: string | null = null;
  #dirty = false;

  constructor(kind: ShapeKind) {
    this.id = kind;
  }

  get state(): string {
    return this.#state;
  }

  get #isPath(): boolean {
    return this.id === 'line' || this.id === 'arrow';
  }

  down(pointer: ToolPointer, ctx: ToolContext): void {
    if (!ctx.editable) return;
    this.#start = pointer;
    this.#current = pointer;
    this.#state = 'pointing';
  }

  move(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state === 'idle' || !this.#start) return;
    this.#current = pointer;
    if (this.#state === 'pointing' && movedBeyond(pointer.screen, this.#start.screen)) {
      ctx.history.begin();
      this.#elementId = this.#create(ctx, this.#geometry());
      this.#state = 'sizing';
    } else if (this.#state === 'sizing') {
      this.#dirty = true;
    }
  }

  flush(ctx: ToolContext): void {
    if (this.#state !== 'sizing' || !this.#dirty || !this.#elementId) return;
    this.#dirty = false;
    const geometry = this.#geometry();
    if (geometry.points) setPoints(ctx.doc, ctx.origin, this.#elementId, geometry.points);
    else setBox(ctx.doc, ctx.origin, this.#elementId, geometry);
  }

  up(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state === 'idle' || !this.#start) return;
    this.#current = pointer;
    let id: string;
    if (this.#state === 'pointing') {
      id = this.#create(ctx, this.#defaultGeometry(pointer));
    } else {
      this.#dirty = true;
      this.flush(ctx);
      ctx.history.end();
      id = this.#elementId!;
    }
    this.#reset();
    ctx.setSelection([id]);
    ctx.setTool('select');
  }

  cancel(ctx: ToolContext): void {
    if (this.#state === 'sizing') {
      this.flush(ctx);
      ctx.history.end();
    }
    this.#reset();
  }

  #reset(): void {
    this.#state = 'idle';
    this.#start = null;
    this.#current = null;
    this.#elementId = null;
    this.#dirty = false;
  }

  /** Geometry from the press to the current pointer: a box for shapes, points for lines. */
  #geometry(): { x: number; y: number; w: number; h: number; points?: number[] } {
    const a = this.#start!.world;
    const b = this.#current!.world;
    const shift = this.#current!.shiftKey;
    if (this.#isPath) {
      const end = shift ? snapAngle(b.x - a.x, b.y - a.y) : { x: b.x - a.x, y: b.y - a.y };
      return { x: round2(a.x), y: round2(a.y), w: 0, h: 0, points: [0, 0, round2(end.x), round2(end.y)] };
    }
    let corner = b;
    if (shift) {
      // A square or circle: the larger side wins, in the direction dragged.
      const side = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y));
      corner = { x: a.x + Math.sign(b.x - a.x || 1) * side, y: a.y + Math.sign(b.y - a.y || 1) * side };
    }
    const box = boxFromPoints(a, corner);
    return { x: round2(box.minX), y: round2(box.minY), w: round2(box.maxX - box.minX), h: round2(box.maxY - box.minY) };
  }

  #defaultGeometry(pointer: ToolPointer): { x: number; y: number; w: number; h: number; points?: number[] } {
    const { x, y } = pointer.world;
    if (this.#isPath) {
      return { x: round2(x - DEFAULT_LINE_LENGTH / 2), y: round2(y), w: 0, h: 0, points: [0, 0, DEFAULT_LINE_LENGTH, 0] };
    }
    return { x: round2(x - DEFAULT_SHAPE_SIZE.w / 2), y: round2(y - DEFAULT_SHAPE_SIZE.h / 2), ...DEFAULT_SHAPE_SIZE };
  }

  #create(ctx: ToolContext, geometry: { x: number; y: number; w: number; h: number; points?: number[] }): string {
    const style = { stroke: ctx.style.stroke, strokeWidth: ctx.style.strokeWidth };
    if (geometry.points) {
      return createElement(ctx.doc, ctx.origin, { type: this.id, x: geometry.x, y: geometry.y, points: geometry.points, fill: 'none', ...style });
    }
    return createElement(ctx.doc, ctx.origin, {
      type: this.id,
      x: geometry.x,
      y: geometry.y,
      w: geometry.w,
      h: geometry.h,
      fill: ctx.style.fill,
      ...style,
    });
  }
}
