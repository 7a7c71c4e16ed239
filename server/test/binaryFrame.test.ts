import { describe, expect, it } from 'vitest';
import { binaryFrame, frameOnce } from '../src/realtime/binaryFrame.js';

/** Reads a server frame back as RFC 6455 section 5.2 defines it. */
function readFrame(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; payload: Buffer } {
  const fin = (frame[0]! & 0x80) !== 0;
  const opcode = frame[0]! & 0x0f;
  const masked = (frame[1]! & 0x80) !== 0;
  let length = frame[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = frame.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(frame.readBigUInt64BE(2));
    offset = 10;
  }
  expect(frame.byteLength).toBe(offset + length);
  return { fin, opcode, masked, payload: frame.subarray(offset) };
}

describe('binary frames built once per message', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 70_000, 1_048_576])('carry a %i-byte payload in one final, unmasked binary frame with the shortest length field', (size) => {
    const payload = new Uint8Array(size);
    for (let i = 0; i < size; i++) payload[i] = (i * 31 + 7) & 0xff;
    const frame = binaryFrame(payload);
    const read = readFrame(frame);
    expect(read).toMatchObject({ fin: true, opcode: 2, masked: false });
    expect(read.payload.equals(payload)).toBe(true);
    expect(frame.byteLength - size).toBe(size < 126 ? 2 : size < 65_536 ? 4 : 10);
  });

  it('reuse the same frame while the same message is sent again, and frame another message anew', () => {
    const message = new Uint8Array([0, 2, 3, 1, 2, 3]);
    const first = frameOnce(message);
    expect(frameOnce(message)).toBe(first);
    const other = new Uint8Array([0, 2, 1, 9]);
    const otherFrame = frameOnce(other);
    expect(otherFrame).not.toBe(first);
    expect([...otherFrame]).toEqual([0x82, 4, 0, 2, 1, 9]);
    // Sent again after another message: framed again, with the same bytes.
    const again = frameOnce(message);
    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });
});
