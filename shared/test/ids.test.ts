import { describe, expect, it } from 'vitest';
import { encodeIdBytes, isValidRoomId, newRandomId, normalizeColor, normalizeDisplayName } from '@idea-board/shared';

describe('room ids', () => {
  it('generates 32-character url-safe ids carrying 192 random bits', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRandomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(isValidRoomId(id)).toBe(true);
    }
  });

  it('encodes bytes as unpadded base64url', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x00, 0x10]);
    expect(encodeIdBytes(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(encodeIdBytes(Uint8Array.from([1]))).toBe(Buffer.from([1]).toString('base64url'));
  });

  it.each([
    ['too short', 'abcdefghijklmno', false],
    ['shortest allowed', 'abcdefghijklmnop', true],
    ['longest allowed', 'a'.repeat(64), true],
    ['too long', 'a'.repeat(65), false],
    ['a dot', 'abcdefghijklmnop.', false],
    ['a slash', 'abcdefgh/ijklmnop', false],
    ['a space', 'abcdefgh ijklmnop', false],
    ['non-ASCII letters', 'ábcdefghijklmnopq', false],
    ['a newline at the end', 'abcdefghijklmnop\n', false],
    ['not a string', 1234567890123456, false],
  ])('%s -> valid: %s', (_what, id, valid) => {
    expect(isValidRoomId(id)).toBe(valid);
  });
});

describe('display names and colours', () => {
  it('trims, strips control characters, bounds length and falls back to Guest', () => {
    expect(normalizeDisplayName('  Ada  ')).toBe('Ada');
    expect(normalizeDisplayName('A\u0000d\u001fa')).toBe('Ada');
    expect(normalizeDisplayName('x'.repeat(100))).toHaveLength(64);
    expect(normalizeDisplayName('   ')).toBe('Guest');
    expect(normalizeDisplayName(42)).toBe('Guest');
  });

  it('accepts #rrggbb colours only', () => {
    expect(normalizeColor('#1971c2', '#000000')).toBe('#1971c2');
    expect(normalizeColor('red; background:url(x)', '#000000')).toBe('#000000');
  });
});
