import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, elementsMap, exportBoard, parseElement, readExportedBoard, setTitle } from '@idea-board/shared';

const LOCAL = { local: true };

describe('readExportedBoard', () => {
  it('reads an export back into the elements the document holds, ids included', () => {
    const doc = new Y.Doc();
    setTitle(doc, LOCAL, 'Retro');
    const note = createElement(doc, LOCAL, { type: 'sticky', x: 1, y: 2, w: 200, h: 200, text: 'Ship it' });
    const stroke = createElement(doc, LOCAL, { type: 'stroke', x: 10, y: 10, points: [0, 0, 4.5, 2] });
    const read = readExportedBoard(JSON.parse(JSON.stringify(exportBoard(doc))));
    expect(read?.title).toBe('Retro');
    const live = [note, stroke].map((id) => parseElement(id, elementsMap(doc).get(id)));
    // Equal in every field but the live text handle.
    expect(read?.elements).toEqual(live.map((element) => (element?.type === 'sticky' ? { ...element, ytext: null } : element)));
  });

  it('skips junk, missing or repeated ids and keeps the rest', () => {
    const good = { id: 'a', type: 'rect', x: 0, y: 0, w: 10, h: 10 };
    const read = readExportedBoard({
      format: 'idea-board',
      version: 1,
      title: '  ',
      elements: [good, { ...good }, { type: 'rect', x: 0, y: 0, w: 1, h: 1 }, { id: 'b', type: 'rect', x: Number.NaN, y: 0, w: 1, h: 1 }, 42, null, { id: 'c', type: 'blob', x: 0, y: 0 }],
    });
    expect(read?.title).toBeNull();
    expect(read?.elements.map((element) => element.id)).toEqual(['a']);
  });

  it('is null for anything that is not an export', () => {
    expect(readExportedBoard(null)).toBeNull();
    expect(readExportedBoard([])).toBeNull();
    expect(readExportedBoard({ error: 'room not found' })).toBeNull();
    expect(readExportedBoard({ format: 'idea-board', version: 2, elements: [] })).toBeNull();
    expect(readExportedBoard({ format: 'idea-board', version: 1, elements: {} })).toBeNull();
  });
});
