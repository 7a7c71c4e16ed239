/**
 * Stacking order: elements draw in ascending `z` (compared as plain strings,
 * by UTF-16 code unit, never locale-aware), ties broken by id.
 */

export function compareStacking(a: { z: string; id: string }, b: { z: string; id: string }): number {
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Digits sort before upper case before lower case, so this alphabet is in code-unit order. */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const FIRST_KEY = 'a0';

/**
 * A `z` that sorts after `top` (the highest `z` on the board, or null when empty):
 * `top` read as a base-62 number plus one, with carry, or `top` + "0" when
 * that overflows or `top` has characters outside the alphabet. Keys grow by
 * one character per 62^n additions.
 *
 * TODO(shared): replace with the shared fractional-index module (keys between
 * two neighbours, for reordering) when the drawing board lands.
 */
export function zAbove(top: string | null): string {
  if (top === null || top === '') return FIRST_KEY;
  const chars = [...top];
  const digits = chars.map((char) => DIGITS.indexOf(char));
  for (let i = digits.length - 1; i >= 0; i--) {
    const digit = digits[i] ?? -1;
    if (digit < 0) break;
    if (digit < DIGITS.length - 1) {
      return chars.slice(0, i).join('') + DIGITS.charAt(digit + 1) + '0'.repeat(chars.length - 1 - i);
    }
  }
  return top + '0';
}
