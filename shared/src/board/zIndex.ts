import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Fractional indices for `z`: a key between any two keys, so reordering one
 * element writes one field. Keys written by others may be invalid; then we
 * fall back to keys that still sort correctly as plain strings.
 */

function safeBetween(a: string | null, b: string | null): string {
  try {
    return generateKeyBetween(a, b);
  } catch {
    // A neighbour is not a valid key (written by another program): use plain string order,
    // where a prefix sorts first, so `a + "V"` > a and a proper prefix of b < b.
    if (a !== null && (b === null || `${a}V` < b)) return `${a}V`;
    if (b !== null && b.length > 1) return b.slice(0, -1);
    return a ?? '';
  }
}

export function zBetween(below: string | null, above: string | null): string {
  return safeBetween(below || null, above || null);
}

/** A key above the current top (or the first key on an empty board). */
export function zAbove(top: string | null): string {
  return safeBetween(top || null, null);
}

/** A key below the current bottom. */
export function zBelow(bottom: string | null): string {
  return safeBetween(null, bottom || null);
}

/** `n` ascending keys above `top`, for adding several elements at once (paste, duplicate). */
export function zAboveMany(top: string | null, n: number): string[] {
  try {
    return generateNKeysBetween(top || null, null, n);
  } catch {
    const keys: string[] = [];
    let last = top;
    for (let i = 0; i < n; i++) keys.push((last = zAbove(last)));
    return keys;
  }
}
