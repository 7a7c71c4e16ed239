import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parsePending, SaveLedger, serializePending, type PendingChange } from './saveLedger';

/** A client doc whose local transactions feed a ledger, the way BoardSync wires it. */
function clientWithLedger(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const ledger = new SaveLedger();
  const sent: Uint8Array[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (!tr.local) return;
    ledger.recordLocal({
      client: doc.clientID,
      before: tr.beforeState.get(doc.clientID) ?? 0,
      after: tr.afterState.get(doc.clientID) ?? 0,
      deletes: tr.deleteSet.clients,
    });
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') sent.push(update);
  });
  /** What BoardSync does with an update message the server sends. */
  const receive = (update: Uint8Array): void => {
    Y.applyUpdate(doc, update, 'remote');
    ledger.confirmClocks(Y.parseUpdateMeta(update).to);
    if (ledger.awaitsDeletes) ledger.confirmDeletes(Y.decodeUpdate(update).ds.clients);
  };
  return { doc, ledger, sent, receive, elements: doc.getMap<Y.Map<unknown>>('elements') };
}

function addNote(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const note = new Y.Map<unknown>();
    note.set('type', 'sticky');
    note.set('x', 0);
    doc.getMap('elements').set(id, note);
  });
}

describe('SaveLedger', () => {
  it('counts each local transaction until the server echoes it', () => {
    const a = clientWithLedger(1);
    addNote(a.doc, 'n1');
    addNote(a.doc, 'n2');
    a.doc.transact(() => a.elements.get('n1')?.set('x', 5));
    expect(a.ledger.count).toBe(3);
    expect(a.sent).toHaveLength(3);

    a.receive(a.sent[0]!);
    expect(a.ledger.count).toBe(2);
    a.receive(a.sent[2]!); // the clock high-water mark covers the earlier ones too
    expect(a.ledger.count).toBe(0);
  });

  it('is not confirmed by other clients updates', () => {
    const a = clientWithLedger(1);
    const b = clientWithLedger(2);
    addNote(a.doc, 'mine');
    addNote(b.doc, 'theirs');
    a.receive(b.sent[0]!);
    expect(a.ledger.count).toBe(1);
  });

  it('ignores transactions that changed nothing, and remote ones', () => {
    const a = clientWithLedger(1);
    a.doc.transact(() => {});
    const b = clientWithLedger(2);
    addNote(b.doc, 'x');
    a.receive(b.sent[0]!);
    expect(a.ledger.count).toBe(0);
  });

  it('confirms a delete-only change by the delete set the server sends back', () => {
    const a = clientWithLedger(1);
    const b = clientWithLedger(2);
    addNote(b.doc, 'theirs');
    a.receive(b.sent[0]!);
    a.doc.transact(() => a.elements.delete('theirs'));
    expect(a.ledger.count).toBe(1);
    expect(a.ledger.awaitsDeletes).toBe(true);

    // An unrelated update from someone else does not confirm it.
    addNote(b.doc, 'other');
    a.receive(b.sent[1]!);
    expect(a.ledger.count).toBe(1);

    a.receive(a.sent[a.sent.length - 1]!);
    expect(a.ledger.count).toBe(0);
  });

  it('confirms offline work with the step 2 echo, and already-applied work with the server state vector', () => {
    const server = new Y.Doc();
    const a = clientWithLedger(7);
    addNote(a.doc, 'n1');
    // Online: the server applied n1 but the connection dropped before the echo arrived.
    Y.applyUpdate(server, a.sent[0]!);
    addNote(a.doc, 'n2'); // offline
    expect(a.ledger.count).toBe(2);

    // Reconnect: the server's step 1 state vector, durable once its step 2 arrives.
    a.ledger.confirmClocks(Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(a.ledger.count).toBe(1);
    // Our step 2 (what the server lacks), applied and echoed by the server.
    const step2 = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(server));
    Y.applyUpdate(server, step2);
    a.receive(step2);
    expect(a.ledger.count).toBe(0);
  });

  it('carries unconfirmed changes across a reload and confirms them against the old client id', () => {
    const before = clientWithLedger(11);
    addNote(before.doc, 'offline-note');
    before.doc.transact(() => before.elements.delete('offline-note'));
    const saved = serializePending(before.ledger.pending);

    const after = clientWithLedger(12); // a reload gets a new client id
    Y.applyUpdate(after.doc, Y.encodeStateAsUpdate(before.doc), 'remote'); // IndexedDB restores the content
    after.ledger.adopt(parsePending(saved));
    expect(after.ledger.count).toBe(2);

    const server = new Y.Doc();
    const step2 = Y.encodeStateAsUpdate(after.doc, Y.encodeStateVector(server));
    Y.applyUpdate(server, step2);
    after.receive(step2);
    expect(after.ledger.count).toBe(0);
  });

  it('drops remembered changes the local copy no longer holds', () => {
    const ledger = new SaveLedger();
    ledger.adopt([
      { kind: 'insert', client: 3, clock: 10 },
      { kind: 'insert', client: 4, clock: 2 },
    ]);
    ledger.retainHeld((change) => change.kind === 'insert' && change.client === 4);
    expect(ledger.pending).toEqual([{ kind: 'insert', client: 4, clock: 2 }]);
  });

  it('needs every deleted range covered, across merged and split ranges', () => {
    const ledger = new SaveLedger();
    ledger.recordLocal({
      client: 1,
      before: 0,
      after: 0,
      deletes: new Map([
        [5, [{ clock: 10, len: 5 }]],
        [6, [{ clock: 0, len: 1 }]],
      ]),
    });
    expect(ledger.confirmDeletes(new Map([[5, [{ clock: 10, len: 5 }]]]))).toBe(0);
    expect(ledger.confirmDeletes(new Map([[5, [{ clock: 0, len: 12 }, { clock: 12, len: 2 }]], [6, [{ clock: 0, len: 1 }]]]))).toBe(0);
    expect(
      ledger.confirmDeletes(
        new Map([
          [5, [{ clock: 12, len: 3 }, { clock: 0, len: 12 }]],
          [6, [{ clock: 0, len: 1 }]],
        ]),
      ),
    ).toBe(1);
  });
});

describe('pending changes storage', () => {
  it('round-trips', () => {
    const changes: PendingChange[] = [
      { kind: 'insert', client: 123456789, clock: 42 },
      { kind: 'delete', ranges: [[1, 2, 3]] },
    ];
    expect(parsePending(serializePending(changes))).toEqual(changes);
  });

  it('skips anything malformed', () => {
    expect(parsePending(null)).toEqual([]);
    expect(parsePending('not json')).toEqual([]);
    expect(parsePending('{"a":1}')).toEqual([]);
    expect(parsePending('[[1,-2],[1.5,2],["a",1],[[[1,2,0]]],[[[1,2,3],"x"]],[3,4]]')).toEqual([
      { kind: 'delete', ranges: [[1, 2, 3]] },
      { kind: 'insert', client: 3, clock: 4 },
    ]);
  });
});
