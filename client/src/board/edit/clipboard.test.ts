import { createElement, elementsMap, parseElement, type BoardElement } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLIPBOARD_MARKER, MAX_PASTE_ELEMENTS, dataBounds, parseClipboard, pasteOffset, serializeClipboard } from './clipboard';

function sample(): BoardElement[] {
  const doc = new Y.Doc();
  const ids = [
    createElement(doc, null, { type: 'rect', x: 0, y: 0, w: 100, h: 50, stroke: '#e03131', fill: 'none', strokeWidth: 2 }),
    createElement(doc, null, { type: 'sticky', x: 200, y: 0, w: 200, h: 160, text: 'Hello', fill: '#ffe066' }),
    createElement(doc, null, { type: 'arrow', x: 0, y: 100, points: [0, 0, 50, 20] }),
  ];
  return ids.map((id) => parseElement(id, elementsMap(doc).get(id))!);
}

describe('clipboard', () => {
  it('round-trips elements through JSON text with the marker', () => {
    const text = serializeClipboard(sample());
    expect(JSON.parse(text)).toMatchObject({ [CLIPBOARD_MARKER]: 1 });
    const items = parseClipboard(text);
    expect(items).toHaveLength(3);
    expect(items?.[0]).toMatchObject({ type: 'rect', w: 100, h: 50, stroke: '#e03131' });
    expect(items?.[1]).toMatchObject({ type: 'sticky', text: 'Hello' });
    expect(items?.[2]).toMatchObject({ type: 'arrow', points: [0, 0, 50, 20] });
  });

  it('is null for text that is not ours', () => {
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"elements":[]}')).toBeNull();
    expect(parseClipboard(`{"${CLIPBOARD_MARKER}":2,"elements":[]}`)).toBeNull();
    expect(parseClipboard(`{"${CLIPBOARD_MARKER}":1, broken`)).toBeNull();
    expect(parseClipboard(`{"${CLIPBOARD_MARKER}":1,"elements":{}}`)).toBeNull();
  });

  it('drops junk elements and keeps the valid ones', () => {
    const text = JSON.stringify({
      [CLIPBOARD_MARKER]: 1,
      elements: [
        { type: 'rect', x: 0, y: 0, w: 10, h: 10 },
        { type: 'rect', x: 'NaN', y: 0, w: 10, h: 10 },
        { type: 'hexagon', x: 0, y: 0 },
        { type: 'stroke', x: 0, y: 0, points: [1, 2, 3] },
        { type: 'rect', x: 0, y: 0, w: 10, h: 10, stroke: 'url(javascript:alert(1))' },
        null,
        [],
      ],
    });
    const items = parseClipboard(text);
    expect(items).toHaveLength(2);
    expect(items?.[1]?.stroke).not.toContain('url');
  });

  it('refuses absurdly many elements', () => {
    const elements = new Array(MAX_PASTE_ELEMENTS + 1).fill({ type: 'rect', x: 0, y: 0, w: 1, h: 1 });
    expect(parseClipboard(JSON.stringify({ [CLIPBOARD_MARKER]: 1, elements }))).toBeNull();
  });

  it('centres a paste on the target point', () => {
    const items = parseClipboard(serializeClipboard(sample()))!;
    expect(dataBounds(items)).toEqual({ minX: 0, minY: 0, maxX: 400, maxY: 160 });
    expect(pasteOffset(items, { x: 1000, y: 1000 })).toEqual({ dx: 800, dy: 920 });
    expect(pasteOffset([], { x: 5, y: 5 })).toEqual({ dx: 0, dy: 0 });
  });
});
