import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_STICKY_FILL, parseElement } from './elementModel';
import { addSticky, elementsOf } from './operations';

function elementFrom(fields: Record<string, unknown>): Y.Map<unknown> {
  const doc = new Y.Doc();
  const element = new Y.Map<unknown>();
  elementsOf(doc).set('el', element);
  for (const [key, value] of Object.entries(fields)) element.set(key, value);
  return element;
}

describe('parseElement', () => {
  it('reads a sticky note written by addSticky', () => {
    const doc = new Y.Doc();
    const id = addSticky(doc, 'test', { x: 10, y: 20, w: 200, h: 160, z: 'a0', fill: '#fbcfe8', text: 'Hi' });
    const view = parseElement(id, elementsOf(doc).get(id));
    expect(view).toMatchObject({ id, type: 'sticky', x: 10, y: 20, w: 200, h: 160, z: 'a0', fill: '#fbcfe8', text: 'Hi' });
  });

  it('reads rects and ellipses with defaults for missing style', () => {
    const view = parseElement('el', elementFrom({ type: 'ellipse', x: 0, y: 0, w: 10, h: 5 }));
    expect(view).toMatchObject({ type: 'ellipse', fill: 'none', strokeWidth: 2, z: '' });
  });

  it('skips types it does not draw', () => {
    expect(parseElement('el', elementFrom({ type: 'stroke', x: 0, y: 0, w: 1, h: 1 }))).toBeNull();
    expect(parseElement('el', elementFrom({ type: 'hologram', x: 0, y: 0, w: 1, h: 1 }))).toBeNull();
  });

  it('skips malformed elements instead of throwing', () => {
    const text = new Y.Text('x');
    const malformed: Array<Record<string, unknown>> = [
      { type: 'rect', x: '1', y: 0, w: 1, h: 1 },
      { type: 'rect', x: Number.NaN, y: 0, w: 1, h: 1 },
      { type: 'rect', x: 0, y: 0, w: -1, h: 1 },
      { type: 'rect', x: 0, y: 0, w: 1, h: Infinity },
      { type: 'rect', x: 1e12, y: 0, w: 1, h: 1 },
      { type: 'rect', x: 0, y: 0, w: 1, h: 1, z: 7 },
      { type: 'sticky', x: 0, y: 0, w: 1, h: 1, text: 'plain string' },
      { type: 'sticky', x: 0, y: 0, h: 1, text },
    ];
    for (const fields of malformed) expect(parseElement('el', elementFrom(fields))).toBeNull();
    expect(parseElement('el', 'not a map')).toBeNull();
    expect(parseElement('el', null)).toBeNull();
  });

  it('replaces colours that are not plain CSS colours', () => {
    const view = parseElement(
      'el',
      elementFrom({ type: 'sticky', x: 0, y: 0, w: 1, h: 1, text: new Y.Text(), fill: 'url(https://evil.example/x)' }),
    );
    expect(view?.type === 'sticky' && view.fill).toBe(DEFAULT_STICKY_FILL);
  });
});
