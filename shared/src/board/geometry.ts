import { isPathElement, type BoardElement } from './schema.js';

/** Axis-aligned box in world coordinates. */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The box a path's points span, relative to the element's origin (`points` is flat: x0, y0, x1, y1, …). */
export function pointsExtent(points: readonly number[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const px = points[i]!;
    const py = points[i + 1]!;
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  return { minX, minY, maxX, maxY };
}

/** The element's own box before rotation (points' extent for paths). */
export function localBox(element: BoardElement): Box {
  if (isPathElement(element)) {
    const { minX, minY, maxX, maxY } = pointsExtent(element.points);
    return { minX: element.x + minX, minY: element.y + minY, maxX: element.x + maxX, maxY: element.y + maxY };
  }
  return { minX: element.x, minY: element.y, maxX: element.x + element.w, maxY: element.y + element.h };
}

function rotatePoint(point: Point, centre: Point, angle: number): Point {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = point.x - centre.x;
  const dy = point.y - centre.y;
  return { x: centre.x + dx * cos - dy * sin, y: centre.y + dx * sin + dy * cos };
}

export function boxCentre(box: Box): Point {
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

/** World-space bounds, including rotation and half the stroke width (what is painted). */
export function elementBounds(element: BoardElement): Box {
  const local = localBox(element);
  const pad = element.strokeWidth / 2 + (element.type === 'arrow' ? element.strokeWidth * 3 : 0);
  let box = local;
  if (element.rotation !== 0) {
    const centre = boxCentre(local);
    const corners = [
      { x: local.minX, y: local.minY },
      { x: local.maxX, y: local.minY },
      { x: local.maxX, y: local.maxY },
      { x: local.minX, y: local.maxY },
    ].map((corner) => rotatePoint(corner, centre, element.rotation));
    box = {
      minX: Math.min(...corners.map((c) => c.x)),
      minY: Math.min(...corners.map((c) => c.y)),
      maxX: Math.max(...corners.map((c) => c.x)),
      maxY: Math.max(...corners.map((c) => c.y)),
    };
  }
  return { minX: box.minX - pad, minY: box.minY - pad, maxX: box.maxX + pad, maxY: box.maxY + pad };
}

export function unionBoxes(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  return boxes.reduce((a, b) => ({
    minX: Math.min(a.minX, b.minX),
    minY: Math.min(a.minY, b.minY),
    maxX: Math.max(a.maxX, b.maxX),
    maxY: Math.max(a.maxY, b.maxY),
  }));
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;
}

export function boxContains(outer: Box, inner: Box): boolean {
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

/** Box spanned by two corner points in any order (marquee). */
export function boxFromPoints(a: Point, b: Point): Box {
  return { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * Whether a world point touches the element, within `tolerance` world units:
 * inside filled shapes, notes and text; near the outline of unfilled shapes
 * and near the path of strokes, lines and arrows.
 */
export function hitTest(element: BoardElement, point: Point, tolerance: number): boolean {
  const local = localBox(element);
  // Undo the rotation: test in the element's own frame.
  const p = element.rotation !== 0 ? rotatePoint(point, boxCentre(local), -element.rotation) : point;
  const reach = tolerance + element.strokeWidth / 2;
  switch (element.type) {
    case 'stroke':
    case 'line':
    case 'arrow': {
      const pts = element.points;
      if (pts.length === 2) return Math.hypot(p.x - element.x - pts[0]!, p.y - element.y - pts[1]!) <= reach;
      for (let i = 0; i + 3 < pts.length; i += 2) {
        const a = { x: element.x + pts[i]!, y: element.y + pts[i + 1]! };
        const b = { x: element.x + pts[i + 2]!, y: element.y + pts[i + 3]! };
        if (distanceToSegment(p, a, b) <= reach) return true;
      }
      return false;
    }
    case 'text':
    case 'sticky':
      return p.x >= local.minX - tolerance && p.x <= local.maxX + tolerance && p.y >= local.minY - tolerance && p.y <= local.maxY + tolerance;
    case 'rect': {
      const inside = p.x >= local.minX - reach && p.x <= local.maxX + reach && p.y >= local.minY - reach && p.y <= local.maxY + reach;
      if (!inside) return false;
      if (element.fill !== 'none' && element.fill !== 'transparent') return true;
      const nearEdge =
        Math.abs(p.x - local.minX) <= reach || Math.abs(p.x - local.maxX) <= reach || Math.abs(p.y - local.minY) <= reach || Math.abs(p.y - local.maxY) <= reach;
      return nearEdge;
    }
    case 'ellipse': {
      const c = boxCentre(local);
      const rx = (local.maxX - local.minX) / 2;
      const ry = (local.maxY - local.minY) / 2;
      if (rx === 0 || ry === 0) return Math.abs(p.x - c.x) <= reach + rx && Math.abs(p.y - c.y) <= reach + ry;
      // Normalised radius: 1 on the outline.
      const r = Math.hypot((p.x - c.x) / rx, (p.y - c.y) / ry);
      const slack = reach / Math.min(rx, ry);
      if (element.fill !== 'none' && element.fill !== 'transparent') return r <= 1 + slack;
      return Math.abs(r - 1) <= slack;
    }
  }
}
