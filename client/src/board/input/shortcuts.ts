import { toolForKey, type ToolId } from '../tools/toolIds';

/** What a key press asks the board to do. Copy, cut and paste come as clipboard events instead. */
export type Command =
  | { kind: 'tool'; tool: ToolId }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'delete' }
  | { kind: 'duplicate' }
  | { kind: 'selectAll' }
  | { kind: 'bringToFront' }
  | { kind: 'sendToBack' }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'zoomIn' }
  | { kind: 'zoomOut' }
  | { kind: 'zoomReset' }
  | { kind: 'zoomFit' }
  | { kind: 'toggleGrid' }
  | { kind: 'edit' }
  | { kind: 'escape' };

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** World units an arrow key moves the selection; with shift, ten times that. */
export const NUDGE = 1;
export const BIG_NUDGE = 10;

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The command for a key press on the board (not inside a text field), or null.
 * Ctrl and Cmd are the same modifier, so it works on every platform.
 */
export function commandForKey(event: KeyLike): Command | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  if (mod) {
    if (event.altKey) return null;
    if (lower === 'z') return { kind: event.shiftKey ? 'redo' : 'undo' };
    if (lower === 'y') return { kind: 'redo' };
    if (lower === 'd') return { kind: 'duplicate' };
    if (lower === 'a') return { kind: 'selectAll' };
    // Shift turns ] into } on most layouts: match the physical key.
    if (event.shiftKey && event.code === 'BracketRight') return { kind: 'bringToFront' };
    if (event.shiftKey && event.code === 'BracketLeft') return { kind: 'sendToBack' };
    if (key === '=' || key === '+') return { kind: 'zoomIn' };
    if (key === '-') return { kind: 'zoomOut' };
    if (key === '0') return { kind: 'zoomReset' };
    return null;
  }
  if (event.altKey) return null;
  const arrow = ARROWS[key];
  if (arrow) {
    const step = event.shiftKey ? BIG_NUDGE : NUDGE;
    return { kind: 'nudge', dx: arrow[0] * step, dy: arrow[1] * step };
  }
  switch (key) {
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'Enter':
      return { kind: 'edit' };
    case 'Escape':
      return { kind: 'escape' };
    case '+':
    case '=':
      return { kind: 'zoomIn' };
    case '-':
    case '_':
      return { kind: 'zoomOut' };
  }
  if (event.shiftKey && event.code === 'Digit1') return { kind: 'zoomFit' };
  if (event.shiftKey && event.code === 'Digit0') return { kind: 'zoomReset' };
  if (event.shiftKey) return null;
  if (lower === 'g') return { kind: 'toggleGrid' };
  const tool = key.length === 1 ? toolForKey(key) : null;
  return tool ? { kind: 'tool', tool } : null;
}

/** Whether a key event comes from somewhere that takes typing (then board shortcuts stay out of the way). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'color', 'range', 'submit', 'reset'].includes(type);
  }
  return false;
}
