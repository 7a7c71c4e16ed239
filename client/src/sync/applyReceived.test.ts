import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyReceived } from './applyReceived';

const REMOTE = { kind: 'remote' };

/** A doc whose `update` events are collected (as y-indexeddb would store them). */
function listened(): { doc: Y.Doc; events: Array<{ update: Uint8Array; origin: unknown }> } {
  const doc = new Y.Doc();
  const events: Array<{ update: Uint8Array; origin: unknown }> = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => events.push({ update, origin }));
  return { doc, events };
}

function receive(doc: Y.Doc, update: Uint8Array): void {
  applyReceived(doc, update, () => Y.applyUpdate(doc, update, REMOTE));
}

/** A replica rebuilt only from the collected events holds the same content. */
function replay(events: Array<{ update: Uint8Array }>): Y.Doc {
  const copy = new Y.Doc();
  for (const { update } of events) Y.applyUpdate(copy, update);
  return copy;
}

function source(notes: number): Y.Doc {
  const doc = new Y.Doc();
  const elements = doc.getMap<Y.Map<unknown>>('elements');
  for (let i = 0; i < notes; i++) {
    doc.transact(() => {
      const note = new Y.Map<unknown>();
      note.set('type', 'sticky');
      note.set('text', new Y.Text(`note ${i}`));
      elements.set(`n${i}`, note);
    });
  }
  return doc;
}

describe('applyReceived', () => {
  it('hands listeners the received bytes themselves, with the transaction origin', () => {
    const { doc, events } = listened();
    const update = Y.encodeStateAsUpdate(source(20));
    receive(doc, update);
    expect(events).toHaveLength(1);
    expect(events[0]!.update).toBe(update);
    expect(events[0]!.origin).toBe(REMOTE);
    expect(replay(events).getMap('elements').toJSON()).toEqual(doc.getMap('elements').toJSON());
    // The listeners are attached again for later transactions.
    doc.getMap('meta').set('title', 'x');
    expect(events).toHaveLength(2);
  });

  it('emits nothing for bytes the doc already holds (an echo), as Yjs does', () => {
    const { doc, events } = listened();
    const update = Y.encodeStateAsUpdate(source(3));
    receive(doc, update);
    receive(doc, update);
    expect(events).toHaveLength(1);
  });

  it('carries structs that were pending before when they integrate now', () => {
    const src = source(1);
    const first = Y.encodeStateAsUpdate(src);
    const vector = Y.encodeStateVector(src);
    src.getMap<Y.Map<unknown>>('elements').get('n0')!.set('x', 5);
    const second = Y.encodeStateAsUpdate(src, vector);
    const { doc, events } = listened();
    receive(doc, second); // arrives first: waits for its dependencies
    expect(events).toHaveLength(0);
    receive(doc, first);
    expect(events).toHaveLength(1);
    expect(replay(events).getMap('elements').toJSON()).toEqual({ n0: { type: 'sticky', text: 'note 0', x: 5 } });
  });

  it('still reports a change an observer makes while the update is applied', () => {
    const { doc, events } = listened();
    const local = { kind: 'local' };
    const elements = doc.getMap<Y.Map<unknown>>('elements');
    elements.observe(() => {
      if (!doc.getMap('meta').has('seen')) doc.transact(() => doc.getMap('meta').set('seen', true), local);
    });
    receive(doc, Y.encodeStateAsUpdate(source(2)));
    expect(events.map((e) => e.origin)).toEqual([REMOTE, local]);
    const copy = replay(events);
    expect(copy.getMap('meta').get('seen')).toBe(true);
    expect(copy.getMap('elements').size).toBe(2);
  });

  it('applies plainly when nobody listens to updates, and keeps listeners added meanwhile', () => {
    const doc = new Y.Doc();
    const late: Uint8Array[] = [];
    receive(doc, Y.encodeStateAsUpdate(source(1)));
    expect(doc.getMap('elements').size).toBe(1);
    const { doc: other, events } = listened();
    applyReceived(other, Y.encodeStateAsUpdate(source(2)), () => {
      other.on('update', (update: Uint8Array) => late.push(update));
      Y.applyUpdate(other, Y.encodeStateAsUpdate(source(2)), REMOTE);
    });
    expect(events).toHaveLength(1);
    other.getMap('meta').set('title', 'x');
    expect(events).toHaveLength(2);
    expect(late.length).toBeGreaterThanOrEqual(1);
  });
});
