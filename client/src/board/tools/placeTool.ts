import { createElement } from '@idea-board/shared';
import { STICKY_SIZE, TEXT_WIDTH } from '../edit/styles';
import { TEXT_STYLE, textHeight } from '../render/textLayout';
import { movedBeyond, round2, type Tool, type ToolContext, type ToolPointer } from './tool';

/**
 * Text and sticky notes: click to place, then type. The note is centred on
 * the click; a text box starts with its first line at the click. The new
 * element is selected, its editor opens, and the select tool comes back.
 */
export class PlaceTool implements Tool {
  readonly id: 'text' | 'sticky';
  #state: 'idle' | 'pointing' = 'idle';
  #start: ToolPointer | null = null;

  constructor(kind: 'text' | 'sticky') {
    this.id = kind;
  }

  get cursor(): string {
    return this.id === 'text' ? 'text' : 'copy';
  }

  get state(): string {
    return this.#state;
  }

  down(pointer: ToolPointer, ctx: ToolContext): void {
    if (!ctx.editable) return;
    this.#start = pointer;
    this.#state = 'pointing';
  }

  move(pointer: ToolPointer): void {
    // A drag is not a click: placing waits for a release near the press.
    if (this.#state === 'pointing' && this.#start && movedBeyond(pointer.screen, this.#start.screen, 12)) this.#reset();
  }

  flush(): void {}

  up(pointer: ToolPointer, ctx: ToolContext): void {
    if (this.#state !== 'pointing') return;
    this.#reset();
    const { x, y } = pointer.world;
    // Creating and the first typing are one undo step; a text box left empty is taken back whole.
    ctx.history.begin('typing');
    const id =
      this.id === 'sticky'
        ? createElement(ctx.doc, ctx.origin, {
            type: 'sticky',
            x: round2(x - STICKY_SIZE.w / 2),
            y: round2(y - STICKY_SIZE.h / 2),
            ...STICKY_SIZE,
            fill: ctx.style.stickyFill,
            stroke: ctx.style.stroke,
            strokeWidth: ctx.style.strokeWidth,
            text: '',
          })
        : createElement(ctx.doc, ctx.origin, {
            type: 'text',
            x: round2(x - TEXT_STYLE.text.padding),
            y: round2(y - textHeight('text', 1) / 2),
            w: TEXT_WIDTH,
            h: textHeight('text', 1),
            stroke: ctx.style.stroke,
            fill: 'none',
            strokeWidth: ctx.style.strokeWidth,
            text: '',
          });
    ctx.setSelection([id]);
    ctx.setTool('select');
    ctx.startEditing(id, true);
  }

  cancel(): void {
    this.#reset();
  }

  #reset(): void {
    this.#state = 'idle';
    this.#start = null;
  }
}
