/** One contiguous replacement that turns `before` into `after`. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The smallest single splice between two strings: common prefix and suffix
 * are kept. A textarea `input` event changes one contiguous range (typing,
 * paste, cut, IME), so this recovers the edit exactly. Null when equal.
 */
export function diffText(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const maxPrefix = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a surrogate pair.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  const maxSuffix = Math.min(before.length, after.length) - prefix;
  let suffix = 0;
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/**
 * Where a caret at `position` of the old text ends up after a change given as
 * a Yjs text delta (ops walk the old text). Text inserted exactly at the caret
 * goes after it, so a remote edit never pushes the local caret forward.
 */
export function transformPosition(
  position: number,
  delta: ReadonlyArray<{ insert?: unknown; delete?: number; retain?: number }>,
): number {
  let oldIndex = 0;
  let shift = 0;
  for (const op of delta) {
    if (oldIndex >= position) break;
    if (op.retain !== undefined) {
      oldIndex += op.retain;
    } else if (op.delete !== undefined) {
      shift -= Math.min(op.delete, position - oldIndex);
      oldIndex += op.delete;
    } else if (typeof op.insert === 'string') {
      shift += op.insert.length;
    }
  }
  return position + shift;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
