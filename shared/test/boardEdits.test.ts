import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, diffText, elementsMap, parseElement, replaceText, setBoxes, type BoardElement } from '@idea-board/shared';

const LOCAL = { local: true };

function read(doc: Y.Doc, id: string): BoardElement {
  const element = parseElement(id, elementsMap(doc).get(id));
  if (!element) throw new Error(`element ${id} is not valid`);
  return element;
}

describe('setBoxes', () => {
  it('resizes several elements in one transaction', () => {
    const doc = new Y.Doc();
    const rect = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    const line = createElement(doc, LOCAL, { type: 'line', x: 20, y: 0, points: [0, 0, 10, 5] });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setBoxes(doc, LOCAL, [
      { id: rect, box: { x: 0, y: 0, w: 20, h: 20 } },
      { id: line, box: { x: 40, y: 0, w: 20, h: 10 } },
      { id: 'missing', box: { x: 0, y: 0, w: 1, h: 1 } },
    ]);
    expect(transactions).toBe(1);
    expect(read(doc, rect)).toMatchObject({ x: 0, y: 0, w: 20, h: 20 });
    expect(read(doc, line)).toMatchObject({ x: 40, y: 0, points: [0, 0, 20, 10] });
  });

  it('writes nothing for an empty list', () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setBoxes(doc, LOCAL, []);
    expect(transactions).toBe(0);
  });
});

function apply(before: string, change: ReturnType<typeof diffText>): string {
  if (!change) return before;
  return before.slice(0, change.index) + change.insert + before.slice(change.index + change.deleteCount);
}

describe('diffText', () => {
  it('is null for equal strings', () => {
    expect(diffText('same', 'same')).toBeNull();
  });

  it('finds a typed character, a replaced selection and deletions at either end', () => {
    expect(diffText('helo', 'hello')).toEqual({ index: 3, deleteCount: 0, insert: 'l' });
    expect(diffText('the quick fox', 'the slow fox')).toEqual({ index: 4, deleteCount: 5, insert: 'slow' });
    expect(diffText('abc', 'bc')).toEqual({ index: 0, deleteCount: 1, insert: '' });
    expect(diffText('abc', 'ab')).toEqual({ index: 2, deleteCount: 1, insert: '' });
  });

  it('does not let prefix and suffix overlap on repeated characters', () => {
    const change = diffText('aaa', 'aaaa');
    expect(apply('aaa', change)).toBe('aaaa');
    expect(change?.deleteCount).toBe(0);
  });

  it('never splits a surrogate pair', () => {
    expect(diffText('a\u{1F600}b', 'a\u{1F601}b')).toEqual({ index: 1, deleteCount: 2, insert: '\u{1F601}' });
  });

  it('round-trips arbitrary edits', () => {
    const cases: Array<[string, string]> = [
      ['', 'new'],
      ['old', ''],
      ['abcdef', 'abXYef'],
      ['line one\nline two', 'line one\nline 2\nthree'],
    ];
    for (const [before, after] of cases) expect(apply(before, diffText(before, after))).toBe(after);
  });
});

describe('replaceText', () => {
  it('keeps an emoji whole when its neighbour changes', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'a\u{1F600}b');
    replaceText(text, LOCAL, 'a\u{1F601}b');
    expect(text.toString()).toBe('a\u{1F601}b');
  });
});
