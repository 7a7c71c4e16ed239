import { deleteElements, type Point } from '@idea-board/shared';
import type { Tool, ToolContext, ToolPointer } from './tool';

/** Screen pixels around the eraser's path that count as touching. */
const ERASER_RADIUS = 6;

/**
 * Drag over elements to delete them. Fast moves are sampled along the
 * segment so nothing in between is skipped; the whole drag is one undo step.
 */
export class EraserTool implements Tool {
  readonly id = 'eraser';
  readonly cursor = 'cell';
  #state: 'idle' | 'erasing' = 'idle';
  #last: Point | null = null;
  #path: Point[] = [];

  get state(): string {
    return this.#state;
  }

  down(pointer: ToolPointer, ctx: ToolContext): void {
    if (!ctx.editable) return;
    ctx.history.begin();
    this.#state = 'erasing';
    this.#last = null;
    this.#path = [pointer.world];
    this.flush(ctx);
  }

  move(pointer: ToolPointer): void {
    if (this.#state === 'erasing') this.#path.push(pointer.world);
  }

  flush(ctx: ToolContext): void {
    if (this.#state !== 'erasing' || this.#path.length === 0) return;
    const radius = ERASER_RADIUS / ctx.zoom;
    const hit = new Set<string>();
    for (const point of this.#path) {
      const from = this.#last ?? point;
      const steps = Math.max(1, Math.ceil(Math.hypot(point.x - from.x, point.y - from.y) / radius));
      for (let i = 1; i <= steps; i++) {
        const sample = { x: from.x + ((point.x - from.x) * i) / steps, y: from.y + ((point.y - from.y) * i) / steps };
        for (const record of ctx.index.allAt(sample, radius)) hit.add(record.id);
      }
      this.#last = point;
    }
    this.#path = [];
    if (hit.size > 0) deleteElements(ctx.doc, ctx.origin, hit);
  }

  up(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state !== 'erasing') return;
    this.move(pointer);
    this.flush(ctx);
    this.cancel(ctx);
  }

  cancel(ctx: ToolContext): void {
    if (this.#state !== 'erasing') return;
    ctx.history.end();
    this.#state = 'idle';
    this.#path = [];
  }
}
