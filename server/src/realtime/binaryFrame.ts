/**
 * A room sends the same message bytes to every connection. A server's WebSocket
 * frames are not masked, so the whole frame (header and payload) is the same for
 * every connection too: it is built once per message and written as one buffer
 * to each socket, instead of framing it again for each one.
 */

const FIN_BINARY = 0x82;

/** One unmasked, final, binary WebSocket frame carrying `payload` (RFC 6455, section 5.2). */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_BINARY;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}

/** The last message framed, and its frame. */
let lastPayload: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

/**
 * The frame of a message, reused while the same message is sent again. A room
 * sends one message to all its connections in a row, so remembering the last
 * one is enough; a WeakMap keyed by every message cost more than the framing.
 */
export function frameOnce(payload: Uint8Array): Buffer {
  if (payload !== lastPayload || lastFrame === null) {
    lastFrame = binaryFrame(payload);
    lastPayload = payload;
  }
  return lastFrame;
}
