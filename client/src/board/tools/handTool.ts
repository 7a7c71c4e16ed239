import type { Point } from '@idea-board/shared';
import type { Tool, ToolContext, ToolPointer } from './tool';

/** Drag to pan the canvas (also what space-drag and the middle button do). */
export class HandTool implements Tool {
  readonly id = 'hand';
  #state: 'idle' | 'panning' = 'idle';
  #last: Point | null = null;

  get state(): string {
    return this.#state;
  }

  get cursor(): string {
    return this.#state === 'panning' ? 'grabbing' : 'grab';
  }

  down(pointer: ToolPointer): void {
    this.#state = 'panning';
    this.#last = pointer.screen;
  }

  move(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state !== 'panning' || !this.#last) return;
    // Panning moves the camera, not the board: apply at once, it costs no transaction.
    ctx.panBy(pointer.screen.x - this.#last.x, pointer.screen.y - this.#last.y);
    this.#last = pointer.screen;
  }

  flush(): void {}

  up(pointer: ToolPointer, ctx: ToolContext): void {
    this.move(pointer, ctx);
    this.cancel();
  }

  cancel(): void {
    this.#state = 'idle';
    this.#last = null;
  }
}
