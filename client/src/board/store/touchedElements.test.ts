import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, elementsMap } from '@idea-board/shared';
import { touchedElementIds } from './touchedElements';

/** Runs `change` and returns the ids the element map's deep observer reports. */
function touchedBy(doc: Y.Doc, change: () => void): string[] {
  const elements = elementsMap(doc);
  const touched: string[] = [];
  // Called once per transaction.
  const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    touched.push(...touchedElementIds(elements, events));
  };
  elements.observeDeep(observer);
  change();
  elements.unobserveDeep(observer);
  return touched.sort();
}

describe('touchedElementIds', () => {
  it('reports added and deleted elements', () => {
    const doc = new Y.Doc();
    let first = '';
    let second = '';
    expect(
      touchedBy(doc, () => {
        first = createElement(doc, null, { type: 'sticky', x: 0, y: 0, w: 1, h: 1 });
        second = createElement(doc, null, { type: 'sticky', x: 0, y: 0, w: 1, h: 1 });
      }),
    ).toEqual([first, second].sort());
    expect(touchedBy(doc, () => elementsMap(doc).delete(first))).toEqual([first]);
  });

  it('reports an element whose field or nested text changed, and only it', () => {
    const doc = new Y.Doc();
    const a = createElement(doc, null, { type: 'sticky', x: 0, y: 0, w: 1, h: 1 });
    createElement(doc, null, { type: 'sticky', x: 0, y: 0, w: 1, h: 1 });
    const element = elementsMap(doc).get(a) as Y.Map<unknown>;
    expect(touchedBy(doc, () => element.set('x', 5))).toEqual([a]);
    expect(touchedBy(doc, () => (element.get('text') as Y.Text).insert(0, 'hi'))).toEqual([a]);
  });
});
