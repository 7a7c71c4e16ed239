import type { Point } from '@idea-board/shared';
import { pinchCamera, type Camera } from '../camera/camera';
import type { Tool, ToolContext, ToolPointer } from '../tools/tool';

/** One pointer event, reduced to what the router needs (canvas coordinates). */
export interface PointerSample {
  id: number;
  type: string;
  /** 0 primary, 1 middle, 2 secondary (as `PointerEvent.button`). */
  button: number;
  screen: Point;
  shiftKey: boolean;
  altKey: boolean;
  time: number;
}

/** What the router drives: the active tool, the camera, and frame scheduling. */
export interface RouterHost {
  tool(): Tool;
  context(): ToolContext;
  camera(): Camera;
  setCamera(camera: Camera): void;
  panBy(dx: number, dy: number): void;
  /** Whether space is held (space-drag pans). */
  spaceHeld(): boolean;
  /** Runs `callback` before the next paint (requestAnimationFrame in the browser). */
  requestFrame(callback: () => void): void;
}

type Mode = { kind: 'idle' } | { kind: 'tool'; pointerId: number } | { kind: 'pan'; pointerId: number; last: Point } | { kind: 'pinch'; ids: [number, number]; from: [Point, Point]; start: Camera };

/**
 * Turns raw pointer events into tool gestures, pans and pinches: one pointer
 * drives the active tool; the middle button, space-drag or the hand tool pan;
 * a second finger cancels the tool gesture and pinch-zooms (and pans) instead.
 * Tool writes happen once per animation frame (`Tool.flush`).
 */
export class PointerRouter {
  readonly #host: RouterHost;
  readonly #touches = new Map<number, Point>();
  #mode: Mode = { kind: 'idle' };
  #frameRequested = false;

  constructor(host: RouterHost) {
    this.#host = host;
  }

  get mode(): Mode['kind'] {
    return this.#mode.kind;
  }

  down(sample: PointerSample): void {
    if (sample.type === 'touch') this.#touches.set(sample.id, sample.screen);
    if (sample.type === 'touch' && this.#touches.size === 2) {
      this.#startPinch();
      return;
    }
    if (this.#mode.kind !== 'idle') return;
    const pan = sample.button === 1 || (sample.button === 0 && this.#host.spaceHeld());
    if (pan) {
      this.#mode = { kind: 'pan', pointerId: sample.id, last: sample.screen };
      return;
    }
    if (sample.button !== 0) return;
    this.#mode = { kind: 'tool', pointerId: sample.id };
    this.#host.tool().down(this.#toolPointer(sample), this.#host.context());
  }

  /** One or more samples of the same pointer (coalesced events), oldest first. */
  move(samples: readonly PointerSample[]): void {
    const last = samples.at(-1);
    if (!last) return;
    if (last.type === 'touch' && this.#touches.has(last.id)) this.#touches.set(last.id, last.screen);
    const mode = this.#mode;
    switch (mode.kind) {
      case 'pinch': {
        const a = this.#touches.get(mode.ids[0]);
        const b = this.#touches.get(mode.ids[1]);
        if (a && b) this.#host.setCamera(pinchCamera(mode.start, mode.from, [a, b]));
        return;
      }
      case 'pan':
        if (last.id !== mode.pointerId) return;
        this.#host.panBy(last.screen.x - mode.last.x, last.screen.y - mode.last.y);
        mode.last = last.screen;
        return;
      case 'tool':
        if (last.id !== mode.pointerId) return;
        for (const sample of samples) this.#host.tool().move(this.#toolPointer(sample), this.#host.context());
        this.#scheduleFlush();
        return;
      case 'idle':
        // Hover: lets the select tool show resize cursors.
        this.#host.tool().move(this.#toolPointer(last), this.#host.context());
    }
  }

  up(sample: PointerSample): void {
    this.#touches.delete(sample.id);
    const mode = this.#mode;
    if (mode.kind === 'pinch') {
      if (this.#touches.size < 2) this.#mode = { kind: 'idle' };
      return;
    }
    if (mode.kind === 'tool' && mode.pointerId === sample.id) {
      this.#mode = { kind: 'idle' };
      const tool = this.#host.tool();
      const ctx = this.#host.context();
      tool.flush(ctx);
      tool.up(this.#toolPointer(sample), ctx);
    } else if (mode.kind === 'pan' && mode.pointerId === sample.id) {
      this.#mode = { kind: 'idle' };
    }
  }

  /** The browser took the pointer away (pointercancel, lost capture). */
  cancel(sample: PointerSample): void {
    this.#touches.delete(sample.id);
    const mode = this.#mode;
    if ((mode.kind === 'tool' || mode.kind === 'pan') && mode.pointerId !== sample.id) return;
    this.cancelGesture();
  }

  /** Abandons whatever gesture is in progress (Escape, tool change). */
  cancelGesture(): void {
    if (this.#mode.kind === 'tool') this.#host.tool().cancel(this.#host.context());
    this.#mode = { kind: 'idle' };
  }

  #startPinch(): void {
    if (this.#mode.kind === 'tool') this.#host.tool().cancel(this.#host.context());
    const [[idA, a], [idB, b]] = [...this.#touches.entries()] as [[number, Point], [number, Point]];
    this.#mode = { kind: 'pinch', ids: [idA, idB], from: [a, b], start: this.#host.camera() };
  }

  #scheduleFlush(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    this.#host.requestFrame(() => {
      this.#frameRequested = false;
      if (this.#mode.kind === 'tool') this.#host.tool().flush(this.#host.context());
    });
  }

  #toolPointer(sample: PointerSample): ToolPointer {
    const camera = this.#host.camera();
    return {
      screen: sample.screen,
      world: { x: (sample.screen.x - camera.x) / camera.zoom, y: (sample.screen.y - camera.y) / camera.zoom },
      shiftKey: sample.shiftKey,
      altKey: sample.altKey,
      time: sample.time,
      coarse: sample.type === 'touch',
    };
  }
}
