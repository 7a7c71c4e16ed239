/**
 * Room-id rules. Edit ids, view ids and owner keys are unguessable tokens:
 * at least 120 random bits, written with the URL-safe alphabet `A-Za-z0-9_-`,
 * 16 to 64 characters long. Anything else is refused before storage is touched.
 */

export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Random bytes in a generated id: 24 bytes = 192 bits, 32 characters. */
export const ROOM_ID_BYTES = 24;

export function isValidRoomId(id: unknown): id is string {
  return typeof id === 'string' && ROOM_ID_PATTERN.test(id);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding, from any random source (Web Crypto on both sides). */
export function encodeIdBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Web Crypto, present in browsers and Node >= 19; declared here because `shared/` has no DOM lib. */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

/** A new random id (room edit id, view id, owner key, element id). */
export function newRandomId(byteLength: number = ROOM_ID_BYTES): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return encodeIdBytes(bytes);
}
