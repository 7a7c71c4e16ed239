import { appendPoints, createElement, elementsMap, moveElements, parseElement, replaceText, type TextElement } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { History } from './history';

const ME = Object.freeze({ who: 'me' });
const OTHER = Object.freeze({ who: 'other' });

function setup(): { doc: Y.Doc; history: History } {
  const doc = new Y.Doc();
  return { doc, history: new History(elementsMap(doc), ME) };
}

function x(doc: Y.Doc, id: string): number | undefined {
  return parseElement(id, elementsMap(doc).get(id))?.x;
}

describe('History', () => {
  it('makes every ungrouped write its own step', () => {
    const { doc, history } = setup();
    const id = createElement(doc, ME, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    moveElements(doc, ME, [id], 5, 0);
    moveElements(doc, ME, [id], 5, 0);
    history.undo();
    expect(x(doc, id)).toBe(5);
    history.undo();
    expect(x(doc, id)).toBe(0);
    history.undo();
    expect(elementsMap(doc).has(id)).toBe(false);
    expect(history.canUndo).toBe(false);
    history.redo();
    expect(elementsMap(doc).has(id)).toBe(true);
  });

  it('undoes a whole drag or pen stroke as one step', () => {
    const { doc, history } = setup();
    history.begin();
    const stroke = createElement(doc, ME, { type: 'stroke', x: 0, y: 0, points: [0, 0] });
    for (let i = 1; i < 20; i++) appendPoints(doc, ME, stroke, [i, i]);
    history.end();
    const rect = createElement(doc, ME, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    history.group(() => {
      for (let i = 0; i < 10; i++) moveElements(doc, ME, [rect], 1, 0);
    });
    expect(x(doc, rect)).toBe(10);
    history.undo();
    expect(x(doc, rect)).toBe(0);
    history.undo();
    history.undo();
    expect(elementsMap(doc).has(stroke)).toBe(false);
    expect(history.canUndo).toBe(false);
  });

  it('never takes back what someone else did', () => {
    const { doc, history } = setup();
    const mine = createElement(doc, ME, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    const theirs = createElement(doc, OTHER, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    moveElements(doc, OTHER, [mine], 100, 0);
    history.undo();
    // My create is undone (so their move of it goes too); their own element stays.
    expect(elementsMap(doc).has(mine)).toBe(false);
    expect(elementsMap(doc).has(theirs)).toBe(true);
    expect(history.canUndo).toBe(false);
  });

  it('groups typing into one step and tells listeners about stack changes', () => {
    const { doc, history } = setup();
    const id = createElement(doc, ME, { type: 'sticky', x: 0, y: 0, w: 100, h: 100 });
    let notified = 0;
    history.subscribe(() => notified++);
    const text = (parseElement(id, elementsMap(doc).get(id)) as TextElement).ytext!;
    history.begin('typing');
    replaceText(text, ME, 'h');
    replaceText(text, ME, 'hi');
    replaceText(text, ME, 'hi!');
    history.end();
    expect(text.toString()).toBe('hi!');
    history.undo();
    expect(text.toString()).toBe('');
    expect(notified).toBeGreaterThan(0);
  });
});

describe('History.revertGroup', () => {
  it('takes back an open group without leaving a redo step', () => {
    const { doc, history } = setup();
    const kept = createElement(doc, ME, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    history.begin('typing');
    const id = createElement(doc, ME, { type: 'text', x: 0, y: 0, w: 100, h: 20 });
    history.revertGroup();
    expect(elementsMap(doc).has(id)).toBe(false);
    expect(history.canRedo).toBe(false);
    history.undo();
    expect(elementsMap(doc).has(kept)).toBe(false);
  });
});

describe('History.revertGroup with nothing written', () => {
  it('leaves earlier steps alone', () => {
    const { doc, history } = setup();
    const kept = createElement(doc, ME, { type: 'rect', x: 0, y: 0, w: 10, h: 10 });
    history.begin('typing');
    history.revertGroup();
    expect(elementsMap(doc).has(kept)).toBe(true);
    expect(history.canUndo).toBe(true);
  });
});
