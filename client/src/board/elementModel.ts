import * as Y from 'yjs';

/**
 * Read side of the board document schema (see DESIGN.md): turns one element
 * Y.Map, written by anyone with edit rights, into a plain view the renderer can
 * trust, or null when it is of a type this board does not draw or is malformed.
 *
 * TODO(shared): the element parser belongs in `shared/` so the server's SVG
 * export and thumbnails validate the same way; move it there once that module exists.
 */

interface ElementBase {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  z: string;
  rotation: number;
}

export interface StickyView extends ElementBase {
  type: 'sticky';
  fill: string;
  text: string;
  /** The collaborative text, for editing. */
  ytext: Y.Text;
}

export interface ShapeView extends ElementBase {
  type: 'rect' | 'ellipse';
  stroke: string;
  fill: string;
  strokeWidth: number;
}

export type ElementView = StickyView | ShapeView;

/** World coordinates and sizes beyond this are treated as malformed. */
export const MAX_COORDINATE = 1e7;
export const MAX_SIZE = 1e6;
export const MAX_STROKE_WIDTH = 200;
export const DEFAULT_STICKY_FILL = '#fef08a';
const DEFAULT_SHAPE_STROKE = '#1f2937';

/** Hex, a CSS colour keyword, or an rgb()/hsl() function with plain arguments; never url() or var(). */
const COLOR_PATTERN = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]{1,60}\))$/;

export function parseElement(id: string, value: unknown): ElementView | null {
  if (!(value instanceof Y.Map)) return null;
  const map = value as Y.Map<unknown>;
  const base = parseBase(id, map);
  if (!base) return null;
  const type = map.get('type');
  switch (type) {
    case 'sticky': {
      const ytext = map.get('text');
      if (!(ytext instanceof Y.Text)) return null;
      return { ...base, type, fill: color(map.get('fill'), DEFAULT_STICKY_FILL), text: ytext.toString(), ytext };
    }
    case 'rect':
    case 'ellipse':
      return {
        ...base,
        type,
        stroke: color(map.get('stroke'), DEFAULT_SHAPE_STROKE),
        fill: color(map.get('fill'), 'none'),
        strokeWidth: strokeWidth(map.get('strokeWidth')),
      };
    default:
      return null;
  }
}

function parseBase(id: string, map: Y.Map<unknown>): ElementBase | null {
  const x = map.get('x');
  const y = map.get('y');
  const w = map.get('w');
  const h = map.get('h');
  if (!isCoordinate(x) || !isCoordinate(y) || !isSize(w) || !isSize(h)) return null;
  const z = map.get('z');
  if (z !== undefined && typeof z !== 'string') return null;
  const rotation = map.get('rotation');
  return {
    id,
    x,
    y,
    w,
    h,
    z: z ?? '',
    rotation: typeof rotation === 'number' && Number.isFinite(rotation) ? rotation : 0,
  };
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_SIZE;
}

function color(value: unknown, fallback: string): string {
  return typeof value === 'string' && COLOR_PATTERN.test(value) ? value : fallback;
}

function strokeWidth(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_STROKE_WIDTH ? value : 2;
}
