import { createElement, deleteElements, elementsMap, moveElements, bringToFront, type BoardElement } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Culler, paddedBox } from './culler';
import { ElementIndex, type ElementChange } from './elementIndex';

const LOCAL = { local: true };

function setup(): { doc: Y.Doc; index: ElementIndex<{ id: string; element: BoardElement }>; changes: ElementChange[][] } {
  const doc = new Y.Doc();
  const index = new ElementIndex(elementsMap(doc), (id, element) => ({ id, element }));
  const changes: ElementChange[][] = [];
  index.subscribe((batch) => changes.push(batch));
  return { doc, index, changes };
}

const view = { minX: 0, minY: 0, maxX: 100, maxY: 100 };

describe('ElementIndex', () => {
  it('indexes valid elements, skips junk, and searches in drawing order', () => {
    const { doc, index } = setup();
    const a = createElement(doc, LOCAL, { type: 'rect', x: 10, y: 10, w: 20, h: 20 });
    const b = createElement(doc, LOCAL, { type: 'ellipse', x: 15, y: 15, w: 20, h: 20 });
    createElement(doc, LOCAL, { type: 'rect', x: 5000, y: 5000, w: 20, h: 20 });
    doc.transact(() => {
      const junk = new Y.Map<unknown>();
      junk.set('type', 'rect');
      junk.set('x', Number.NaN);
      elementsMap(doc).set('junk', junk);
      elementsMap(doc).set('not-a-map', 42);
    });
    expect(index.size).toBe(3);
    expect(index.search(view).map((r) => r.id)).toEqual([a, b]);
    expect(index.get('junk')).toBeUndefined();
  });

  it('keeps the same record when an element changes, with fresh bounds', () => {
    const { doc, index, changes } = setup();
    const a = createElement(doc, LOCAL, { type: 'rect', x: 10, y: 10, w: 20, h: 20 });
    const record = index.get(a);
    moveElements(doc, LOCAL, [a], 1000, 0);
    expect(index.get(a)).toBe(record);
    expect(record?.element.x).toBe(1010);
    expect(index.search(view)).toEqual([]);
    expect(changes.at(-1)).toEqual([expect.objectContaining({ id: a, restacked: false })]);
  });

  it('hit-tests the topmost element and finds elements inside a box', () => {
    const { doc, index } = setup();
    const a = createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 50, h: 50, fill: '#fff' });
    const b = createElement(doc, LOCAL, { type: 'rect', x: 25, y: 25, w: 50, h: 50, fill: '#fff' });
    expect(index.topmostAt({ x: 30, y: 30 }, 2)?.id).toBe(b);
    expect(index.topmostAt({ x: 5, y: 5 }, 2)?.id).toBe(a);
    expect(index.topmostAt({ x: 500, y: 5 }, 2)).toBeNull();
    expect(index.idsInside({ minX: -10, minY: -10, maxX: 60, maxY: 60 })).toEqual([a]);
    expect(index.allAt({ x: 30, y: 30 }, 2).map((r) => r.id)).toEqual([a, b]);
  });

  it('finds an element near a point, searching outwards', () => {
    const { doc, index } = setup();
    expect(index.nearestBounds({ x: 0, y: 0 })).toBeNull();
    createElement(doc, LOCAL, { type: 'rect', x: 5000, y: 5000, w: 10, h: 10, strokeWidth: 0 });
    createElement(doc, LOCAL, { type: 'rect', x: -9000, y: 0, w: 10, h: 10, strokeWidth: 0 });
    expect(index.nearestBounds({ x: 4000, y: 4000 })).toMatchObject({ minX: 5000, minY: 5000 });
  });

  it('rebuilds in bulk for a large remote batch', () => {
    const source = new Y.Doc();
    for (let i = 0; i < 1200; i++) createElement(source, LOCAL, { type: 'rect', x: i * 10, y: 0, w: 5, h: 5 });
    const { doc, index } = setup();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    expect(index.size).toBe(1200);
    expect(index.search({ minX: 0, minY: 0, maxX: 95, maxY: 10 })).toHaveLength(10);
  });
});

describe('Culler', () => {
  it('pads the query box by half a view, asks again once the view has panned an eighth of itself, and on zoom only when it leaves the box', () => {
    const culler = new Culler();
    expect(culler.viewNeedsRequery(view)).toBe(true);
    expect(culler.requery(view)).toEqual(paddedBox(view));
    expect(paddedBox(view)).toEqual({ minX: -50, minY: -50, maxX: 150, maxY: 150 });
    expect(culler.viewNeedsRequery({ minX: 10, minY: -12, maxX: 110, maxY: 88 })).toBe(false);
    // Panned 13% of the view: still inside the mounted box, but asked again so each swap stays small.
    expect(culler.viewNeedsRequery({ minX: 13, minY: 0, maxX: 113, maxY: 100 })).toBe(true);
    // Zoomed out about the same centre: not while the view stays inside the box, then at once.
    expect(culler.viewNeedsRequery({ minX: -40, minY: -40, maxX: 140, maxY: 140 })).toBe(false);
    expect(culler.viewNeedsRequery({ minX: -60, minY: -60, maxX: 160, maxY: 160 })).toBe(true);
    expect(culler.viewNeedsRequery({ minX: 60, minY: 0, maxX: 160, maxY: 100 })).toBe(true);
    // Zoomed far in: mounted far more than shown.
    expect(culler.viewNeedsRequery({ minX: 40, minY: 40, maxX: 50, maxY: 50 })).toBe(true);
  });

  it('asks again only for changes that alter membership or order of mounted elements', () => {
    const { doc, index, changes } = setup();
    const culler = new Culler();
    const a = createElement(doc, LOCAL, { type: 'rect', x: 10, y: 10, w: 20, h: 20 });
    const query = culler.requery(view);
    culler.setMounted(index.search(query).map((r) => r.id));

    moveElements(doc, LOCAL, [a], 5, 5);
    expect(culler.changesNeedRequery(changes.at(-1)!)).toBe(false);
    bringToFront(doc, LOCAL, [a]);
    expect(culler.changesNeedRequery(changes.at(-1)!)).toBe(true);
    const far = createElement(doc, LOCAL, { type: 'rect', x: 9000, y: 9000, w: 20, h: 20 });
    expect(culler.changesNeedRequery(changes.at(-1)!)).toBe(false);
    moveElements(doc, LOCAL, [far], -8980, -8980);
    expect(culler.changesNeedRequery(changes.at(-1)!)).toBe(true);
    deleteElements(doc, LOCAL, [a]);
    expect(culler.changesNeedRequery(changes.at(-1)!)).toBe(true);
  });
});
