import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ElementLimits,
  appendPoints,
  bringToFront,
  createElement,
  deleteElements,
  duplicateElements,
  elementBounds,
  elementsMap,
  hitTest,
  insertElements,
  moveElements,
  parseElement,
  parseElementData,
  pointsExtent,
  readBoard,
  replaceText,
  restyleElements,
  sendToBack,
  setBox,
  strokeOutlinePath,
  zAbove,
  zBelow,
  zBetween,
  type PathElement,
  type TextElement,
} from '@idea-board/shared';

const LOCAL = { local: true };

function junkDoc(): Y.Doc {
  const doc = new Y.Doc();
  const elements = doc.getMap<unknown>('elements');
  const put = (id: string, fields: Record<string, unknown>): void => {
    const map = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(fields)) map.set(k, v);
    elements.set(id, map);
  };
  put('ok-rect', { type: 'rect', x: 0, y: 0, w: 10, h: 10, z: 'a0' });
  put('nan-x', { type: 'rect', x: NaN, y: 0, w: 10, h: 10 });
  put('string-x', { type: 'rect', x: '5', y: 0, w: 10, h: 10 });
  put('negative-size', { type: 'ellipse', x: 0, y: 0, w: -1, h: 10 });
  put('unknown-type', { type: 'hexagon', x: 0, y: 0, w: 10, h: 10 });
  put('no-type', { x: 0, y: 0 });
  put('odd-points', { type: 'stroke', x: 0, y: 0, points: Y.Array.from([1, 2, 3]) });
  put('huge-points', { type: 'stroke', x: 0, y: 0, points: Y.Array.from(new Array(ElementLimits.maxPointNumbers + 2).fill(1)) });
  put('nan-points', { type: 'line', x: 0, y: 0, points: Y.Array.from([0, 0, NaN, 1]) });
  put('sticky-no-text', { type: 'sticky', x: 0, y: 0, w: 100, h: 100 });
  put('ok-sticky', { type: 'sticky', x: 5, y: 5, w: 100, h: 100, text: new Y.Text('hi'), z: 'a1', fill: 'url(javascript:x)' });
  put('z-number', { type: 'rect', x: 0, y: 0, w: 1, h: 1, z: 5 });
  elements.set('not-a-map', 42);
  elements.set('a-text', new Y.Text('x'));
  return doc;
}

describe('reading a board written by anyone', () => {
  it('keeps every valid element and skips junk without throwing', () => {
    const board = readBoard(junkDoc());
    expect(board.map((e) => e.id)).toEqual(['ok-rect', 'ok-sticky']);
    const sticky = board[1] as TextElement;
    expect(sticky.text).toBe('hi');
    // A colour that could escape an attribute falls back to the default.
    expect(sticky.fill).toBe('#ffe066');
  });

  it('validates plain data (paste, import) with the same rules', () => {
    expect(parseElementData({ type: 'rect', x: 1, y: 2, w: 3, h: 4 })).toMatchObject({ type: 'rect', x: 1, y: 2, w: 3, h: 4 });
    expect(parseElementData({ type: 'rect', x: 1, y: 2, w: 3 })).toBeNull();
    expect(parseElementData({ type: 'stroke', x: 0, y: 0, points: [0, 0, 1, 1] })?.points).toEqual([0, 0, 1, 1]);
    expect(parseElementData({ type: 'text', x: 0, y: 0, w: 1, h: 1, text: 'x'.repeat(ElementLimits.maxTextLength + 1) })).toBeNull();
    expect(parseElementData(null)).toBeNull();
    expect(parseElementData([1, 2])).toBeNull();
    expect(parseElementData({ type: 'rect', x: 0, y: 0, w: 1, h: 1, ['__proto__']: { polluted: true } })).not.toHaveProperty('polluted');
  });
});

describe('operations', () => {
  it('creates elements on top, in one transaction each, with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const a = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    const b = createElement(doc, LOCAL, { type: 'sticky', x: 20, y: 0, w: 100, h: 100, text: 'note' });
    expect(origins).toEqual([LOCAL, LOCAL]);
    expect(readBoard(doc).map((e) => e.id)).toEqual([a, b]);
  });

  it('appends stroke points so the path grows', () => {
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'stroke', x: 10, y: 10, points: [0, 0] });
    appendPoints(doc, LOCAL, id, [5, 5, 10, 0]);
    expect((parseElement(id, elementsMap(doc).get(id)) as PathElement).points).toEqual([0, 0, 5, 5, 10, 0]);
  });

  it('moves, resizes, restyles and deletes', () => {
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    moveElements(doc, LOCAL, [id], 5, -5);
    setBox(doc, LOCAL, id, { x: 5, y: -5, w: 40, h: 20 });
    restyleElements(doc, LOCAL, [id], { stroke: '#ff0000', strokeWidth: 4 });
    expect(parseElement(id, elementsMap(doc).get(id))).toMatchObject({ x: 5, y: -5, w: 40, h: 20, stroke: '#ff0000', strokeWidth: 4 });
    deleteElements(doc, LOCAL, [id]);
    expect(elementsMap(doc).has(id)).toBe(false);
  });

  it('scales path points when resizing a stroke', () => {
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'line', x: 0, y: 0, points: [0, 0, 10, 20] });
    setBox(doc, LOCAL, id, { x: 0, y: 0, w: 20, h: 10 });
    expect((parseElement(id, elementsMap(doc).get(id)) as PathElement).points).toEqual([0, 0, 20, 10]);
  });

  it('reorders with bring to front and send to back, keeping relative order', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2, 3].map((i) => createElement(doc, LOCAL, { type: 'rect', x: i, y: 0, w: 1, h: 1 }));
    bringToFront(doc, LOCAL, [ids[0]!, ids[1]!]);
    expect(readBoard(doc).map((e) => e.id)).toEqual([ids[2], ids[3], ids[0], ids[1]]);
    sendToBack(doc, LOCAL, [ids[1]!, ids[3]!]);
    expect(readBoard(doc).map((e) => e.id)).toEqual([ids[3], ids[1], ids[2], ids[0]]);
  });

  it('duplicates and pastes copies above everything with new ids', () => {
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'sticky', x: 0, y: 0, w: 100, h: 100, text: 'copy me' });
    const [copy] = duplicateElements(doc, LOCAL, [id]);
    expect(copy).toBeDefined();
    expect(copy).not.toBe(id);
    expect(parseElement(copy!, elementsMap(doc).get(copy!))).toMatchObject({ x: 20, y: 20, text: 'copy me' });
    const other = new Y.Doc();
    const pasted = insertElements(other, LOCAL, readBoard(doc).map((e) => parseElementData({ ...e, ytext: undefined })!), 0, 0);
    expect(readBoard(other).map((e) => e.id)).toEqual(pasted);
  });

  it('edits text with a minimal splice so concurrent typing keeps both words', () => {
    const a = new Y.Doc();
    const id = createElement(a, LOCAL, { type: 'sticky', x: 0, y: 0, w: 1, h: 1, text: 'hello world' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const textOf = (doc: Y.Doc): Y.Text => (elementsMap(doc).get(id) as Y.Map<unknown>).get('text') as Y.Text;
    replaceText(textOf(a), LOCAL, 'hello brave world');
    replaceText(textOf(b), LOCAL, 'hello world!');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(textOf(a).toString()).toBe('hello brave world!');
    expect(textOf(b).toString()).toBe('hello brave world!');
  });
});

describe('geometry', () => {
  it('computes painted bounds including stroke and rotation', () => {
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 100, h: 50, strokeWidth: 2 });
    const rect = parseElement(id, elementsMap(doc).get(id))!;
    expect(elementBounds(rect)).toEqual({ minX: -1, minY: -1, maxX: 101, maxY: 51 });
    const rotated = { ...rect, rotation: Math.PI / 2 };
    const box = elementBounds(rotated);
    expect(box.maxX - box.minX).toBeCloseTo(52);
    expect(box.maxY - box.minY).toBeCloseTo(102);
  });

  it('measures a path by its points, for drawing and for resizing alike', () => {
    expect(pointsExtent([4, -2, -6, 8, 10, 3])).toEqual({ minX: -6, minY: -2, maxX: 10, maxY: 8 });
    expect(pointsExtent([5, 7])).toEqual({ minX: 5, minY: 7, maxX: 5, maxY: 7 });
    const doc = new Y.Doc();
    const id = createElement(doc, LOCAL, { type: 'stroke', x: 100, y: 50, points: [4, -2, -6, 8, 10, 3], strokeWidth: 0 });
    expect(elementBounds(parseElement(id, elementsMap(doc).get(id))!)).toEqual({ minX: 94, minY: 48, maxX: 110, maxY: 58 });
  });

  it('hit-tests outlines, fills and paths', () => {
    const doc = new Y.Doc();
    const rectId = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 100, h: 100, fill: 'none' });
    const lineId = createElement(doc, LOCAL, { type: 'line', x: 0, y: 0, points: [0, 0, 100, 100] });
    const rect = parseElement(rectId, elementsMap(doc).get(rectId))!;
    const line = parseElement(lineId, elementsMap(doc).get(lineId))!;
    expect(hitTest(rect, { x: 0, y: 50 }, 2)).toBe(true);
    expect(hitTest(rect, { x: 50, y: 50 }, 2)).toBe(false);
    expect(hitTest({ ...rect, fill: '#eeeeee' }, { x: 50, y: 50 }, 2)).toBe(true);
    expect(hitTest(line, { x: 50, y: 52 }, 2)).toBe(true);
    expect(hitTest(line, { x: 50, y: 70 }, 2)).toBe(false);
  });
});

describe('stacking keys and stroke outlines', () => {
  it('generates keys that sort between their neighbours', () => {
    const a = zAbove(null);
    const b = zAbove(a);
    const mid = zBetween(a, b);
    expect(a < mid && mid < b).toBe(true);
    expect(zBelow(a) < a).toBe(true);
    // Neighbours written by another program (invalid keys) still get an ordered key.
    const weird = zAbove('not a key');
    expect(weird > 'not a key').toBe(true);
  });

  it('draws a closed outline for a freehand stroke', () => {
    const d = strokeOutlinePath([0, 0, 10, 5, 20, 0, 30, 10], 4);
    expect(d.startsWith('M')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
    expect(strokeOutlinePath([], 4)).toBe('');
  });
});
