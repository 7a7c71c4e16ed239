import type { Box, Point } from '@idea-board/shared';

/** The eight resize handles of a selection box, by compass direction. */
export const HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;
export type Handle = (typeof HANDLES)[number];

/** Smallest size (world units) a resize leaves. */
export const MIN_SIZE = 1;

/** Where a handle sits on a box. */
export function handlePosition(box: Box, handle: Handle): Point {
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  const x = handle.includes('w') ? box.minX : handle.includes('e') ? box.maxX : cx;
  const y = handle.startsWith('n') ? box.minY : handle.startsWith('s') ? box.maxY : cy;
  return { x, y };
}

/** The CSS cursor for a handle. */
export function handleCursor(handle: Handle): string {
  return handle === 'n' || handle === 's' ? 'ns-resize' : handle === 'e' || handle === 'w' ? 'ew-resize' : handle === 'nw' || handle === 'se' ? 'nwse-resize' : 'nesw-resize';
}

/**
 * The box after dragging `handle` by (dx, dy) world units: the opposite edges
 * stay put, edges never cross (size at least MIN_SIZE), and with
 * `keepAspect` a corner keeps the start box's proportions.
 */
export function resizeBox(start: Box, handle: Handle, dx: number, dy: number, keepAspect = false): Box {
  let { minX, minY, maxX, maxY } = start;
  if (handle.includes('w')) minX = Math.min(start.minX + dx, start.maxX - MIN_SIZE);
  if (handle.includes('e')) maxX = Math.max(start.maxX + dx, start.minX + MIN_SIZE);
  if (handle.startsWith('n')) minY = Math.min(start.minY + dy, start.maxY - MIN_SIZE);
  if (handle.startsWith('s')) maxY = Math.max(start.maxY + dy, start.minY + MIN_SIZE);
  const isCorner = handle.length === 2;
  const startW = start.maxX - start.minX;
  const startH = start.maxY - start.minY;
  if (keepAspect && isCorner && startW > 0 && startH > 0) {
    const scale = Math.max((maxX - minX) / startW, (maxY - minY) / startH);
    const w = startW * scale;
    const h = startH * scale;
    if (handle.includes('w')) minX = maxX - w;
    else maxX = minX + w;
    if (handle.startsWith('n')) minY = maxY - h;
    else maxY = minY + h;
  }
  return { minX, minY, maxX, maxY };
}

/** Maps `inner` (a box inside `from`) to where it lands when `from` becomes `to`. */
export function mapBox(inner: Box, from: Box, to: Box): Box {
  const fromW = from.maxX - from.minX;
  const fromH = from.maxY - from.minY;
  const sx = fromW > 0 ? (to.maxX - to.minX) / fromW : 1;
  const sy = fromH > 0 ? (to.maxY - to.minY) / fromH : 1;
  return {
    minX: to.minX + (inner.minX - from.minX) * sx,
    minY: to.minY + (inner.minY - from.minY) * sy,
    maxX: to.minX + (inner.maxX - from.minX) * sx,
    maxY: to.minY + (inner.maxY - from.minY) * sy,
  };
}

/** A box as the `{ x, y, w, h }` that `setBoxes` writes. */
export function toRect(box: Box): { x: number; y: number; w: number; h: number } {
  return { x: box.minX, y: box.minY, w: box.maxX - box.minX, h: box.maxY - box.minY };
}

/** Screen pixels around a handle's centre that grab it. */
export const HANDLE_GRAB_RADIUS = 9;

/** The handle under a world point, if any (handles keep their screen size at every zoom). */
export function handleAt(box: Box, point: Point, zoom: number, radius = HANDLE_GRAB_RADIUS): Handle | null {
  const reach = radius / zoom;
  // Corners first: on a tiny box they win over the edge midpoints they overlap.
  const order: readonly Handle[] = ['nw', 'ne', 'se', 'sw', 'n', 'e', 's', 'w'];
  for (const handle of order) {
    const at = handlePosition(box, handle);
    if (Math.abs(point.x - at.x) <= reach && Math.abs(point.y - at.y) <= reach) return handle;
  }
  return null;
}
