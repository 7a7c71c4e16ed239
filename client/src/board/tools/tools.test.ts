import { createElement, elementsMap, parseElement, readBoard, type PathElement } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import { createTool } from './createTool';
import { at, testContext } from './testContext';

function drag(toolId: Parameters<typeof createTool>[0], ctx: ReturnType<typeof testContext>, points: Array<[number, number]>, shiftKey = false) {
  const tool = createTool(toolId);
  const [first, ...rest] = points;
  tool.down(at(first![0], first![1], { shiftKey }), ctx);
  for (const [x, y] of rest.slice(0, -1)) {
    tool.move(at(x, y, { shiftKey }), ctx);
    tool.flush(ctx);
  }
  const last = rest.at(-1) ?? first!;
  tool.move(at(last[0], last[1], { shiftKey }), ctx);
  tool.up(at(last[0], last[1], { shiftKey }), ctx);
  return tool;
}

describe('pen tool', () => {
  it('creates the stroke on press and grows it each frame; one undo step', () => {
    const ctx = testContext();
    const pen = createTool('pen');
    pen.down(at(10, 10), ctx);
    expect(pen.state).toBe('drawing');
    const [stroke] = readBoard(ctx.doc) as PathElement[];
    expect(stroke).toMatchObject({ type: 'stroke', x: 10, y: 10, points: [0, 0] });
    pen.move(at(20, 10), ctx);
    pen.move(at(30, 15), ctx);
    // Nothing written until the frame flushes.
    expect((readBoard(ctx.doc)[0] as PathElement).points).toHaveLength(2);
    pen.flush(ctx);
    expect((readBoard(ctx.doc)[0] as PathElement).points).toEqual([0, 0, 10, 0, 20, 5]);
    pen.move(at(40, 20), ctx);
    pen.up(at(40, 20), ctx);
    expect(pen.state).toBe('idle');
    expect((readBoard(ctx.doc)[0] as PathElement).points).toEqual([0, 0, 10, 0, 20, 5, 30, 10]);
    ctx.history.undo();
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });

  it('does nothing for a viewer', () => {
    const ctx = testContext({ editable: false });
    drag('pen', ctx, [
      [0, 0],
      [10, 10],
    ]);
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });
});

describe('shape tools', () => {
  it('drags a rectangle to size, selects it and returns to select', () => {
    const ctx = testContext();
    ctx.tool = 'rect';
    drag('rect', ctx, [
      [100, 100],
      [150, 120],
      [40, 60],
    ]);
    const [rect] = readBoard(ctx.doc);
    expect(rect).toMatchObject({ type: 'rect', x: 40, y: 60, w: 60, h: 40 });
    expect(ctx.selection).toEqual(new Set([rect!.id]));
    expect(ctx.tool).toBe('select');
    ctx.history.undo();
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });

  it('places a default-sized shape on a click', () => {
    const ctx = testContext();
    drag('ellipse', ctx, [[0, 0]]);
    expect(readBoard(ctx.doc)[0]).toMatchObject({ type: 'ellipse', w: 160, h: 100, x: -80, y: -50 });
  });

  it('draws an arrow from press to release, snapping with shift', () => {
    const ctx = testContext();
    drag(
      'arrow',
      ctx,
      [
        [0, 0],
        [50, 3],
        [100, 4],
      ],
      true,
    );
    const arrow = readBoard(ctx.doc)[0] as PathElement;
    expect(arrow.type).toBe('arrow');
    expect(arrow.points[3]).toBeCloseTo(0);
    expect(arrow.points[2]).toBeCloseTo(Math.hypot(100, 4), 1);
  });
});

describe('text and sticky tools', () => {
  it('places a note on click and opens its editor', () => {
    const ctx = testContext();
    drag('sticky', ctx, [[300, 300]]);
    const [note] = readBoard(ctx.doc);
    expect(note).toMatchObject({ type: 'sticky', x: 200, y: 220, w: 200, h: 160, fill: ctx.style.stickyFill });
    expect(ctx.editing).toBe(note!.id);
    expect(ctx.tool).toBe('select');
  });

  it('does not place anything after a drag', () => {
    const ctx = testContext();
    drag('text', ctx, [
      [0, 0],
      [200, 0],
    ]);
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });
});

describe('eraser tool', () => {
  it('deletes what it passes over, including between samples, as one undo step', () => {
    const ctx = testContext();
    const a = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 0, y: 0, w: 20, h: 20, fill: '#fff' });
    const b = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 100, y: 0, w: 20, h: 20, fill: '#fff' });
    const c = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 300, y: 0, w: 20, h: 20, fill: '#fff' });
    drag('eraser', ctx, [
      [10, 10],
      [200, 10],
    ]);
    expect(elementsMap(ctx.doc).has(a)).toBe(false);
    expect(elementsMap(ctx.doc).has(b)).toBe(false);
    expect(elementsMap(ctx.doc).has(c)).toBe(true);
    ctx.history.undo();
    expect(readBoard(ctx.doc)).toHaveLength(3);
  });
});

describe('hand tool', () => {
  it('pans by the screen distance dragged', () => {
    const ctx = testContext();
    drag('hand', ctx, [
      [0, 0],
      [10, 5],
      [30, 25],
    ]);
    expect(ctx.panned).toEqual({ dx: 30, dy: 25 });
  });
});

describe('select tool', () => {
  function twoRects() {
    const ctx = testContext();
    const a = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 0, y: 0, w: 50, h: 50, fill: '#fff' });
    const b = createElement(ctx.doc, ctx.origin, { type: 'rect', x: 100, y: 0, w: 50, h: 50, fill: '#fff' });
    return { ctx, a, b };
  }

  it('selects by click, adds by shift-click, toggles off by shift-click, clears on empty canvas', () => {
    const { ctx, a, b } = twoRects();
    drag('select', ctx, [[10, 10]]);
    expect(ctx.selection).toEqual(new Set([a]));
    drag('select', ctx, [[110, 10]], true);
    expect(ctx.selection).toEqual(new Set([a, b]));
    drag('select', ctx, [[10, 10]], true);
    expect(ctx.selection).toEqual(new Set([b]));
    drag('select', ctx, [[500, 500]]);
    expect(ctx.selection.size).toBe(0);
  });

  it('moves the selection by dragging, as one undo step', () => {
    const { ctx, a, b } = twoRects();
    ctx.setSelection([a, b]);
    drag('select', ctx, [
      [10, 10],
      [20, 20],
      [30, 40],
    ]);
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ x: 20, y: 30 });
    expect(parseElement(b, elementsMap(ctx.doc).get(b))).toMatchObject({ x: 120, y: 30 });
    ctx.history.undo();
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ x: 0, y: 0 });
  });

  it('selects by marquee what lies wholly inside', () => {
    const { ctx, a } = twoRects();
    const tool = drag('select', ctx, [
      [-10, -10],
      [30, 30],
      [60, 60],
    ]);
    expect(ctx.selection).toEqual(new Set([a]));
    expect(ctx.marquee).toBeNull();
    expect(tool.state).toBe('idle');
  });

  it('resizes a multi-selection by a handle, as one undo step', () => {
    const { ctx, a, b } = twoRects();
    ctx.setSelection([a, b]);
    // The selection box is (0,0)-(150,50); drag its south-east corner to (300, 100).
    drag('select', ctx, [
      [150, 50],
      [200, 70],
      [300, 100],
    ]);
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ x: 0, y: 0, w: 100, h: 100 });
    expect(parseElement(b, elementsMap(ctx.doc).get(b))).toMatchObject({ x: 200, y: 0, w: 100, h: 100 });
    ctx.history.undo();
    expect(parseElement(b, elementsMap(ctx.doc).get(b))).toMatchObject({ x: 100, w: 50 });
  });

  it('gives a finger more reach on resize handles', () => {
    const { ctx, a } = twoRects();
    ctx.setSelection([a]);
    // 14 px from the south-east corner: a mouse misses the handle (and the rectangle), a finger grabs it.
    drag('select', ctx, [
      [64, 64],
      [80, 80],
      [100, 100],
    ]);
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ w: 50, h: 50 });
    ctx.setSelection([a]);
    const tool = createTool('select');
    tool.down(at(64, 64, { coarse: true }), ctx);
    tool.move(at(100, 100, { coarse: true }), ctx);
    tool.up(at(100, 100, { coarse: true }), ctx);
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ w: 86, h: 86 });
  });

  it('opens the editor on a double-click on a note', () => {
    const ctx = testContext();
    const note = createElement(ctx.doc, ctx.origin, { type: 'sticky', x: 0, y: 0, w: 100, h: 100, text: '' });
    const tool = createTool('select');
    tool.down(at(50, 50, { time: 1 }), ctx);
    tool.up(at(50, 50, { time: 2 }), ctx);
    tool.down(at(51, 50, { time: 200 }), ctx);
    tool.up(at(51, 50, { time: 201 }), ctx);
    expect(ctx.editing).toBe(note);
  });

  it('lets a viewer select but not move', () => {
    const ctx = testContext({ editable: false });
    const a = createElement(ctx.doc, { other: true }, { type: 'rect', x: 0, y: 0, w: 50, h: 50, fill: '#fff' });
    drag('select', ctx, [
      [10, 10],
      [100, 100],
    ]);
    expect(ctx.selection).toEqual(new Set([a]));
    expect(parseElement(a, elementsMap(ctx.doc).get(a))).toMatchObject({ x: 0, y: 0 });
  });
});
