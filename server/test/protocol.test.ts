import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { MessageType, SyncMessageType } from '@idea-board/shared';
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../src/rooms/protocol.js';

/** The bytes y-websocket itself would send: lib0's encoder, type by type. */
function lib0Message(types: number[], payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const type of types) encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

const payloadOf = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);

describe('messages the server sends', () => {
  // Around every boundary of the varuint length: 1, 2, 3 and 4 bytes.
  const sizes = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152];

  it.each(sizes)('are byte for byte what y-websocket encodes, with a %i-byte payload', (size) => {
    const payload = payloadOf(size);
    expect(Buffer.from(encodeSyncStep1(payload)).equals(lib0Message([MessageType.sync, SyncMessageType.step1], payload))).toBe(true);
    expect(Buffer.from(encodeSyncStep2(payload)).equals(lib0Message([MessageType.sync, SyncMessageType.step2], payload))).toBe(true);
    expect(Buffer.from(encodeUpdate(payload)).equals(lib0Message([MessageType.sync, SyncMessageType.update], payload))).toBe(true);
    expect(Buffer.from(encodeAwareness(payload)).equals(lib0Message([MessageType.awareness], payload))).toBe(true);
  });

  it('read back as the message they carry', () => {
    const update = payloadOf(300);
    const decoded = decodeClientMessage(encodeUpdate(update));
    expect(decoded.kind === 'update' && Buffer.from(decoded.update).equals(update)).toBe(true);
  });
});
