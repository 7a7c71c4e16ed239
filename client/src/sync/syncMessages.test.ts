import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { peekPermissionDenied, peekSyncPayload, readVarUint } from './syncMessages';

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('peeking at y-websocket messages', () => {
  it('reads varUints the way lib0 writes them', () => {
    for (const value of [0, 1, 127, 128, 300, 2 ** 21, 2 ** 32 + 5]) {
      const bytes = message((e) => encoding.writeVarUint(e, value));
      expect(readVarUint(bytes, 0)).toEqual({ value, next: bytes.length });
    }
    expect(readVarUint(new Uint8Array([0x80, 0x80]), 0)).toBeNull();
  });

  it('finds the payload of step 1, step 2 and update messages after the message type', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('k', 'v');
    const update = Y.encodeStateAsUpdate(doc);
    const vector = Y.encodeStateVector(doc);
    for (const [subtype, payload, kind] of [
      [0, vector, 'step1'],
      [1, update, 'step2'],
      [2, update, 'update'],
    ] as const) {
      const bytes = message((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, subtype);
        encoding.writeVarUint8Array(e, payload);
      });
      const peeked = peekSyncPayload(bytes, 1);
      expect(peeked?.kind).toBe(kind);
      expect(peeked && ('update' in peeked ? peeked.update : peeked.stateVector)).toEqual(payload);
    }
  });

  it('gives null for truncated or unknown sync messages', () => {
    expect(peekSyncPayload(new Uint8Array([0, 2, 10, 1, 2]), 1)).toBeNull();
    expect(peekSyncPayload(new Uint8Array([0, 9, 0]), 1)).toBeNull();
    expect(peekSyncPayload(new Uint8Array([0]), 1)).toBeNull();
  });

  it('reads a permission-denied reason', () => {
    const bytes = message((e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, 'this link is view-only');
    });
    expect(peekPermissionDenied(bytes, 1)).toEqual({ reason: 'this link is view-only' });
    expect(peekPermissionDenied(new Uint8Array([2, 1]), 1)).toBeNull();
  });
});
