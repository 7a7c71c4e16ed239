import {
  ElementLimits,
  bringToFront,
  createElement,
  deleteElements,
  duplicateElements,
  insertElements,
  moveElements,
  restyleElements,
  sendToBack,
  type BoardElement,
  type Point,
  type Style,
} from '@idea-board/shared';
import { wrapLines, textHeight, type Measure } from '../render/textLayout';
import type { ToolContext } from '../tools/tool';
import { parseClipboard, pasteOffset, serializeClipboard } from './clipboard';
import { TEXT_WIDTH } from './styles';

/**
 * The board's editing commands (keyboard, toolbar, clipboard), each one named
 * shared operation with this person's origin: one undo step per command.
 */

/** Selected elements still on the board, in drawing order. */
export function selectedElements(ctx: ToolContext): BoardElement[] {
  const out: BoardElement[] = [];
  for (const id of ctx.selection) {
    const record = ctx.index.get(id);
    if (record) out.push(record.element);
  }
  return out.sort((a, b) => (a.z < b.z ? -1 : a.z > b.z ? 1 : a.id < b.id ? -1 : 1));
}

export function deleteSelection(ctx: ToolContext): void {
  if (!ctx.editable || ctx.selection.size === 0) return;
  deleteElements(ctx.doc, ctx.origin, [...ctx.selection]);
  ctx.setSelection([]);
}

export function duplicateSelection(ctx: ToolContext): void {
  if (!ctx.editable || ctx.selection.size === 0) return;
  ctx.setSelection(duplicateElements(ctx.doc, ctx.origin, [...ctx.selection]));
}

export function nudgeSelection(ctx: ToolContext, dx: number, dy: number): void {
  if (!ctx.editable || ctx.selection.size === 0) return;
  moveElements(ctx.doc, ctx.origin, [...ctx.selection], dx, dy);
}

export function arrangeSelection(ctx: ToolContext, where: 'front' | 'back'): void {
  if (!ctx.editable || ctx.selection.size === 0) return;
  (where === 'front' ? bringToFront : sendToBack)(ctx.doc, ctx.origin, [...ctx.selection]);
}

export function restyleSelection(ctx: ToolContext, style: Style): void {
  if (!ctx.editable || ctx.selection.size === 0) return;
  restyleElements(ctx.doc, ctx.origin, [...ctx.selection], style);
}

export function selectAll(ctx: ToolContext): void {
  ctx.setSelection([...ctx.index.records()].map((record) => record.id));
}

/** What the system clipboard would not keep: the last copy in this tab (clipboard denied). */
let memoryClipboard: string | null = null;

/** The clipboard text for the selection (also kept in memory); null when nothing is selected. */
export function copySelection(ctx: ToolContext): string | null {
  const elements = selectedElements(ctx);
  if (elements.length === 0) return null;
  memoryClipboard = serializeClipboard(elements);
  return memoryClipboard;
}

export function cutSelection(ctx: ToolContext): string | null {
  if (!ctx.editable) return copySelection(ctx);
  const text = copySelection(ctx);
  if (text !== null) deleteSelection(ctx);
  return text;
}

/**
 * Pastes clipboard text centred on `target`: our elements (validated) as
 * copies on top, selected; other plain text as a new text box. Without any
 * text (clipboard denied) the in-memory copy is used. Returns the new ids.
 */
export function pasteText(ctx: ToolContext, text: string | null, target: Point, measure: Measure): string[] {
  if (!ctx.editable) return [];
  const source = text !== null && text.trim() !== '' ? text : memoryClipboard;
  if (source === null) return [];
  const items = parseClipboard(source);
  if (items) {
    if (items.length === 0) return [];
    const { dx, dy } = pasteOffset(items, target);
    const ids = insertElements(ctx.doc, ctx.origin, items, dx, dy);
    ctx.setSelection(ids);
    return ids;
  }
  const plain = source.slice(0, ElementLimits.maxTextLength).replace(/\r\n?/g, '\n');
  const lines = wrapLines(plain, TEXT_WIDTH, measure).length;
  const h = textHeight('text', lines);
  const id = createElement(ctx.doc, ctx.origin, {
    type: 'text',
    x: Math.round(target.x - TEXT_WIDTH / 2),
    y: Math.round(target.y - h / 2),
    w: TEXT_WIDTH,
    h,
    stroke: ctx.style.stroke,
    fill: 'none',
    strokeWidth: ctx.style.strokeWidth,
    text: plain,
  });
  ctx.setSelection([id]);
  return [id];
}

/** Forgets the in-memory clipboard (tests). */
export function clearMemoryClipboard(): void {
  memoryClipboard = null;
}
