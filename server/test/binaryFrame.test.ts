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

  it('reuse the same frame for the same message and build a new one for another', () => {
    const message = new Uint8Array([0, 2, 3, 1, 2, 3]);
    const first = frameOnce(message);
    expect(frameOnce(message)).toBe(first);
    expect(frameOnce(new Uint8Array([0, 2, 3, 1, 2, 3]))).not.toBe(first);
  });
});
