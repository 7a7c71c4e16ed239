import { ElementLimits, appendPoints, createElement, deleteElements, type Point } from '@idea-board/shared';
import { round2, type Tool, type ToolContext, type ToolPointer } from './tool';

/** Screen pixels between kept samples: closer samples add size, not shape. */
const MIN_SAMPLE_GAP = 1;

/**
 * Freehand ink. The stroke element is created on press, so others see it
 * grow; samples are buffered and appended once per frame; the whole stroke
 * is one undo step.
 */
export class PenTool implements Tool {
  readonly id = 'pen';
  readonly cursor = 'crosshair';
  #state: 'idle' | 'drawing' = 'idle';
  #strokeId: string | null = null;
  #origin: Point = { x: 0, y: 0 };
  #last: Point = { x: 0, y: 0 };
  #pending: number[] = [];
  #count = 0;

  get state(): string {
    return this.#state;
  }

  down(pointer: ToolPointer, ctx: ToolContext): void {
    if (!ctx.editable) return;
    ctx.history.begin();
    this.#origin = { x: round2(pointer.world.x), y: round2(pointer.world.y) };
    this.#last = pointer.world;
    this.#pending = [];
    this.#count = 2;
    this.#strokeId = createElement(ctx.doc, ctx.origin, {
      type: 'stroke',
      x: this.#origin.x,
      y: this.#origin.y,
      points: [0, 0],
      stroke: ctx.style.stroke,
      fill: 'none',
      strokeWidth: ctx.style.strokeWidth,
    });
    this.#state = 'drawing';
  }

  move(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state !== 'drawing') return;
    const gap = MIN_SAMPLE_GAP / ctx.zoom;
    if (Math.hypot(pointer.world.x - this.#last.x, pointer.world.y - this.#last.y) < gap) return;
    if (this.#count + this.#pending.length + 2 > ElementLimits.maxPointNumbers) return;
    this.#last = pointer.world;
    this.#pending.push(round2(pointer.world.x - this.#origin.x), round2(pointer.world.y - this.#origin.y));
  }

  flush(ctx: ToolContext): void {
    if (this.#state !== 'drawing' || !this.#strokeId || this.#pending.length === 0) return;
    appendPoints(ctx.doc, ctx.origin, this.#strokeId, this.#pending);
    this.#count += this.#pending.length;
    this.#pending = [];
  }

  up(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state !== 'drawing') return;
    this.move(pointer, ctx);
    this.flush(ctx);
    this.#finish(ctx);
  }

  /** Interrupted (a second finger, Escape): a stroke that had barely started was not meant, so it goes. */
  cancel(ctx: ToolContext): void {
    if (this.#state !== 'drawing') return;
    this.flush(ctx);
    if (this.#count <= 6 && this.#strokeId) deleteElements(ctx.doc, ctx.origin, [this.#strokeId]);
    this.#finish(ctx);
  }

  #finish(ctx: ToolContext): void {
    ctx.history.end();
    this.#state = 'idle';
    this.#strokeId = null;
  }
}
