import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AUTH_PERMISSION_DENIED, MessageType, SyncMessageType } from '@idea-board/shared';

/**
 * Decoding and encoding of y-websocket messages. Decoding is strict: a message
 * must be exactly one known message with nothing after it; anything else is a
 * ProtocolError, which closes only the connection that sent it.
 */

export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'syncStep2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'auth' };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    message: string,
    /** Close code to send: 1003 for unknown types, 1007 for malformed data. */
    readonly closeCode: number,
  ) {
    super(message);
  }
}

const UNSUPPORTED = 1003;
const INVALID = 1007;

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  try {
    message = readMessage(decoder);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError('malformed message', INVALID);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message', INVALID);
  return message;
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      switch (syncType) {
        case SyncMessageType.step1:
          return { kind: 'syncStep1', stateVector: payload };
        case SyncMessageType.step2:
          return { kind: 'syncStep2', update: payload };
        case SyncMessageType.update:
          return { kind: 'update', update: payload };
        default:
          throw new ProtocolError(`unknown sync message type ${syncType}`, UNSUPPORTED);
      }
    }
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      // y-protocols applies entries one by one: a bad entry after a good one would leave a ghost state behind.
      checkAwarenessUpdate(update);
      return { kind: 'awareness', update };
    }
    case MessageType.queryAwareness:
      return { kind: 'queryAwareness' };
    case MessageType.auth:
      // Clients have nothing to say here; read and ignore whatever follows.
      decoder.pos = decoder.arr.length;
      return { kind: 'auth' };
    default:
      throw new ProtocolError(`unknown message type ${type}`, UNSUPPORTED);
  }
}

/** Parses an awareness update entirely (count, then clientID, clock and JSON state per entry, nothing after). */
function checkAwarenessUpdate(update: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      JSON.parse(decoding.readVarString(decoder));
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new ProtocolError('malformed awareness update', INVALID);
  }
}

/**
 * `prefix` (bytes under 128, so each is its own varuint), then `payload` as a
 * varuint length and its bytes, in one buffer of the exact size: lib0's
 * encoder would allocate, grow and copy again, on every update relayed.
 */
function prefixedMessage(prefix: readonly number[], payload: Uint8Array): Uint8Array {
  const length = payload.byteLength;
  let lengthBytes = 1;
  for (let rest = length >>> 7; rest > 0; rest >>>= 7) lengthBytes++;
  const out = Buffer.allocUnsafe(prefix.length + lengthBytes + length);
  let at = 0;
  for (const byte of prefix) out[at++] = byte;
  let rest = length;
  while (rest > 0x7f) {
    out[at++] = 0x80 | (rest & 0x7f);
    rest >>>= 7;
  }
  out[at++] = rest;
  out.set(payload, at);
  return out;
}

const syncMessage = (syncType: number, payload: Uint8Array): Uint8Array => prefixedMessage([MessageType.sync, syncType], payload);

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncMessage(SyncMessageType.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncMessage(SyncMessageType.step2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncMessage(SyncMessageType.update, update);

export const encodeAwareness = (update: Uint8Array): Uint8Array => prefixedMessage([MessageType.awareness], update);

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** An update that carries nothing: no structs and an empty delete set (what a client in sync sends). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** A state vector of a client that has nothing yet (no entries): it is asking for the whole board. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}
