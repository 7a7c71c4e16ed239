import { createElement, elementsMap, parseElement, readBoard } from '@idea-board/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { testContext } from '../tools/testContext';
import {
  arrangeSelection,
  clearMemoryClipboard,
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  nudgeSelection,
  pasteText,
  restyleSelection,
  selectAll,
} from './commands';

const measure = (text: string): number => text.length * 8;

function board() {
  const ctx = testContext();
  const a = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 0, y: 0, w: 100, h: 100 });
  const b = createElement(ctx.doc, ctx.origin, { type: 'sticky', x: 200, y: 0, w: 200, h: 160, text: 'Idea' });
  return { ctx, a, b };
}

beforeEach(() => clearMemoryClipboard());

describe('commands', () => {
  it('deletes, duplicates and nudges the selection', () => {
    const { ctx, a, b } = board();
    ctx.setSelection([a]);
    nudgeSelection(ctx, 10, -10);
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ x: 10, y: -10 });
    duplicateSelection(ctx);
    expect(readBoard(ctx.doc)).toHaveLength(3);
    expect(ctx.selection.has(a)).toBe(false);
    ctx.setSelection([a, b]);
    deleteSelection(ctx);
    expect(readBoard(ctx.doc)).toHaveLength(1);
    expect(ctx.selection.size).toBe(0);
  });

  it('brings to front and sends to back', () => {
    const { ctx, a, b } = board();
    ctx.setSelection([a]);
    arrangeSelection(ctx, 'front');
    expect(readBoard(ctx.doc).map((e) => e.id)).toEqual([b, a]);
    arrangeSelection(ctx, 'back');
    expect(readBoard(ctx.doc).map((e) => e.id)).toEqual([a, b]);
  });

  it('restyles and selects all', () => {
    const { ctx, a, b } = board();
    selectAll(ctx);
    expect(ctx.selection).toEqual(new Set([a, b]));
    restyleSelection(ctx, { stroke: '#e03131' });
    expect(readBoard(ctx.doc).every((e) => e.stroke === '#e03131')).toBe(true);
  });

  it('copies and pastes through clipboard text, centred on the target, across boards', () => {
    const { ctx, a, b } = board();
    ctx.setSelection([a, b]);
    const text = copySelection(ctx)!;
    const other = testContext();
    const ids = pasteText(other, text, { x: 1000, y: 1000 }, measure);
    expect(ids).toHaveLength(2);
    expect(other.selection).toEqual(new Set(ids));
    const pasted = readBoard(other.doc);
    expect(pasted.map((e) => e.type)).toEqual(['rect', 'sticky']);
    expect(pasted[0]).toMatchObject({ x: 800, y: 920 });
    expect(pasted[1]).toMatchObject({ text: 'Idea' });
  });

  it('falls back to the in-memory copy when the clipboard gave nothing', () => {
    const { ctx, a } = board();
    ctx.setSelection([a]);
    cutSelection(ctx);
    expect(readBoard(ctx.doc)).toHaveLength(1);
    pasteText(ctx, null, { x: 0, y: 0 }, measure);
    expect(readBoard(ctx.doc).map((e) => e.type).sort()).toEqual(['rect', 'sticky']);
  });

  it('pastes plain text as a text box, and ignores junk element JSON', () => {
    const { ctx } = board();
    pasteText(ctx, 'hello world', { x: 0, y: 0 }, measure);
    expect(readBoard(ctx.doc).find((e) => e.type === 'text')).toMatchObject({ text: 'hello world' });
    const before = readBoard(ctx.doc).length;
    expect(pasteText(ctx, '{"ideaBoardClipboard":1,"elements":[{"type":"rect","x":"junk"}]}', { x: 0, y: 0 }, measure)).toEqual([]);
    expect(readBoard(ctx.doc)).toHaveLength(before);
  });

  it('changes nothing for a viewer', () => {
    const ctx = testContext({ editable: false });
    expect(pasteText(ctx, 'hello', { x: 0, y: 0 }, measure)).toEqual([]);
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });
});
