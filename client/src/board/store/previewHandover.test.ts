import { createElement, deleteElements, elementsMap, exportBoard, moveElements, readExportedBoard, type BoardElement } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardPreview } from '../../sync/boardPreview';
import { ElementIndex, type ElementChange } from './elementIndex';

const LOCAL = { local: true };

/** The server's board: a few elements, and its preview as a page receives it (JSON over the wire). */
function serverBoard(): { server: Y.Doc; ids: { note: string; rect: string; stroke: string }; body: unknown } {
  const server = new Y.Doc();
  const ids = {
    note: createElement(server, LOCAL, { type: 'sticky', x: 0, y: 0, w: 200, h: 200, text: 'Ship it' }),
    rect: createElement(server, LOCAL, { type: 'rect', x: 300, y: 0, w: 100, h: 50 }),
    stroke: createElement(server, LOCAL, { type: 'stroke', x: 10, y: 400, points: [0, 0, 5.5, 2, 9, 7] }),
  };
  return { server, ids, body: JSON.parse(JSON.stringify(exportBoard(server))) as unknown };
}

/** A page: its empty document, the index over it, the preview switch, and every change the index reported. */
function page(): { doc: Y.Doc; index: ElementIndex<{ id: string; element: BoardElement }>; preview: BoardPreview; changes: ElementChange[][]; loaded: { value: boolean } } {
  const doc = new Y.Doc();
  const index = new ElementIndex(elementsMap(doc), (id, element) => ({ id, element }));
  const changes: ElementChange[][] = [];
  index.subscribe((batch) => changes.push(batch));
  const loaded = { value: false };
  return { doc, index, preview: new BoardPreview(index, () => loaded.value), changes, loaded };
}

function sync(from: Y.Doc, to: Y.Doc, loaded: { value: boolean }): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
  loaded.value = true;
}

describe('preview, then live', () => {
  it('shows the preview read-only, then hands over keeping the records of unchanged elements', () => {
    const { server, ids, body } = serverBoard();
    const { doc, index, preview, changes, loaded } = page();

    preview.offer(body);
    expect(preview.phase).toBe('showing');
    expect(preview.blocksEditing).toBe(true);
    expect(index.previewing).toBe(true);
    expect(index.size).toBe(3);
    expect(index.search({ minX: -10, minY: -10, maxX: 1000, maxY: 1000 }).map((r) => r.id)).toEqual([ids.note, ids.rect, ids.stroke]);
    expect(index.get(ids.note)?.element).toMatchObject({ type: 'sticky', text: 'Ship it', ytext: null });
    const records = new Map([...index.records()].map((record) => [record.id, record]));
    const elements = new Map([...index.records()].map((record) => [record.id, record.element]));

    // The document's apply is held back while the preview shows.
    sync(server, doc, loaded);
    expect(index.get(ids.note)?.element).toMatchObject({ ytext: null });
    const before = changes.length;

    preview.live();
    expect(preview.phase).toBe('live');
    expect(preview.blocksEditing).toBe(false);
    expect(index.previewing).toBe(false);
    // Same records, same element objects: nothing re-renders, no node is remounted.
    for (const record of index.records()) {
      expect(record).toBe(records.get(record.id));
      expect(record.element).toBe(elements.get(record.id));
    }
    expect(changes.length).toBe(before);
    // The text is now the document's, so it can be edited.
    const ytext = (elementsMap(doc).get(ids.note) as Y.Map<unknown>).get('text');
    expect(ytext).toBeInstanceOf(Y.Text);
    expect(index.get(ids.note)?.element).toMatchObject({ ytext });

    // And from now on the index follows the document.
    moveElements(doc, LOCAL, [ids.rect], 1000, 0);
    expect(index.get(ids.rect)?.element.x).toBe(1300);
  });

  it('updates what changed since the preview, drops what is gone, adds what is new', () => {
    const { server, ids, body } = serverBoard();
    const { doc, index, preview, changes, loaded } = page();
    preview.offer(body);
    const note = index.get(ids.note);

    moveElements(server, LOCAL, [ids.rect], 5, 5);
    deleteElements(server, LOCAL, [ids.stroke]);
    const added = createElement(server, LOCAL, { type: 'ellipse', x: 50, y: 50, w: 10, h: 10 });
    sync(server, doc, loaded);
    preview.live();

    expect(index.get(ids.note)).toBe(note);
    expect(index.get(ids.rect)?.element.x).toBe(305);
    expect(index.get(ids.stroke)).toBeUndefined();
    expect(index.get(added)).toBeDefined();
    const reported = changes.at(-1)!;
    expect(reported.map((change) => change.id).sort()).toEqual([ids.rect, ids.stroke, added].sort());
    expect(reported.find((change) => change.id === ids.stroke)?.after).toBeNull();
  });

  it('ignores a preview that arrives after the live document', () => {
    const { server, body } = serverBoard();
    const { doc, index, preview, changes, loaded } = page();
    sync(server, doc, loaded);
    const batches = changes.length;
    preview.offer(body);
    expect(preview.phase).toBe('unused');
    expect(index.previewing).toBe(false);
    expect(changes.length).toBe(batches);
    preview.live();
    expect(preview.phase).toBe('unused');
  });

  it('never covers elements the document already has (an early update), even before it has loaded', () => {
    const { body } = serverBoard();
    const { doc, index, preview } = page();
    createElement(doc, LOCAL, { type: 'rect', x: 0, y: 0, w: 1, h: 1 });
    preview.offer(body);
    expect(preview.phase).toBe('unused');
    expect(index.size).toBe(1);
  });

  it('ignores empty, unreadable and missing previews, and one arriving after the page left', () => {
    for (const body of [null, { error: 'room not found' }, { format: 'idea-board', version: 1, title: 'Empty', elements: [] }]) {
      const { preview, index } = page();
      preview.offer(body);
      expect(preview.phase).toBe('unused');
      expect(index.previewing).toBe(false);
    }
    const { body } = serverBoard();
    const { preview, index } = page();
    preview.destroy();
    preview.offer(body);
    expect(preview.phase).toBe('unused');
    expect(index.size).toBe(0);
  });

  it('shows only the elements that read as valid', () => {
    const { preview, index } = page();
    const good = { id: 'a', type: 'rect', x: 0, y: 0, w: 10, h: 10 };
    preview.offer({ format: 'idea-board', version: 1, title: 'T', elements: [good, { id: 'b', type: 'rect', x: 'x' }, { id: 'c', type: 'nope', x: 0, y: 0 }] });
    expect(preview.phase).toBe('showing');
    expect(preview.title).toBe('T');
    expect([...index.records()].map((record) => record.id)).toEqual(['a']);
  });

  it('blocks editing while a preview may still come, until it is abandoned, and ignores it afterwards', () => {
    const { body } = serverBoard();
    const { preview, index } = page();
    expect(preview.phase).toBe('waiting');
    expect(preview.blocksEditing).toBe(true);
    preview.abandon();
    expect(preview.phase).toBe('unused');
    expect(preview.blocksEditing).toBe(false);
    preview.offer(body);
    expect(index.size).toBe(0);

    // A preview already shown is not abandoned: it stays until the live document takes over.
    const other = page();
    other.preview.offer(body);
    other.preview.abandon();
    expect(other.preview.phase).toBe('showing');
  });

  it('reports the mirrored phase to subscribers', () => {
    const { body, server } = serverBoard();
    const { doc, preview, loaded } = page();
    const seen: string[] = [];
    preview.subscribe((phase) => seen.push(phase));
    preview.offer(body);
    sync(server, doc, loaded);
    preview.live();
    expect(seen).toEqual(['showing', 'live']);
  });

  it('reads the same elements from the preview as from the document (the hand-over relies on it)', () => {
    const { server, body } = serverBoard();
    const read = readExportedBoard(body);
    const { doc, index, loaded } = page();
    sync(server, doc, loaded);
    for (const element of read?.elements ?? []) {
      const live = index.get(element.id)?.element;
      expect(live && 'ytext' in live ? { ...live, ytext: null } : live).toEqual(element);
    }
  });
});
