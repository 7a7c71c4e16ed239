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
