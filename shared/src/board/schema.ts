import * as Y from 'yjs';

/**
 * The board document schema (DESIGN.md, contract) and its one reader.
 *
 * A board is a Y.Doc: `elements` maps element ids to element Y.Maps, `meta`
 * holds board settings. Anyone with edit rights can write anything, so every
 * reader goes through `parseElement`, which returns a plain, trusted view or
 * null for an element that is malformed or of a type we do not know.
 */

export const ELEMENTS_KEY = 'elements';
export const META_KEY = 'meta';

export const ELEMENT_TYPES = ['stroke', 'rect', 'ellipse', 'line', 'arrow', 'text', 'sticky'] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** Limits a valid element stays within; an element past them is skipped by every reader. */
export const ElementLimits = {
  /** |x|, |y| and every point coordinate. */
  maxCoordinate: 1e7,
  maxSize: 1e6,
  maxStrokeWidth: 200,
  /** Numbers in a `points` array (pairs, so half as many points). */
  maxPointNumbers: 40_000,
  maxTextLength: 20_000,
} as const;

export const DEFAULT_STROKE = '#1e1e1e';
export const DEFAULT_STICKY_FILL = '#ffe066';
export const DEFAULT_STROKE_WIDTH = 2;

interface ElementBase {
  id: string;
  x: number;
  y: number;
  /** Fractional index; elements draw in ascending z, ties by id. */
  z: string;
  /** Radians, around the element's centre. */
  rotation: number;
  stroke: string;
  fill: string;
  strokeWidth: number;
  author?: string;
  createdAt?: number;
}

export interface BoxElement extends ElementBase {
  type: 'rect' | 'ellipse';
  w: number;
  h: number;
}

export interface PathElement extends ElementBase {
  type: 'stroke' | 'line' | 'arrow';
  /** Flat pairs relative to (x, y): [x0, y0, x1, y1, ...]. */
  points: number[];
}

export interface TextElement extends ElementBase {
  type: 'text' | 'sticky';
  w: number;
  h: number;
  text: string;
  /** The collaborative text, for editing (null when parsed from plain data). */
  ytext: Y.Text | null;
}

export type BoardElement = BoxElement | PathElement | TextElement;

export function isPathElement(element: BoardElement): element is PathElement {
  return element.type === 'stroke' || element.type === 'line' || element.type === 'arrow';
}

export function isElementType(value: unknown): value is ElementType {
  return typeof value === 'string' && (ELEMENT_TYPES as readonly string[]).includes(value);
}

/** Hex, a colour keyword, or rgb()/hsl() with plain arguments; never url(), var() or anything that escapes an attribute. */
const COLOR_PATTERN = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z-]{1,60}\))$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= ElementLimits.maxCoordinate;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= ElementLimits.maxSize;
}

/** Something with `get(key)`: a Y.Map, or a plain record wrapped by `recordReader`. */
export interface FieldReader {
  get(key: string): unknown;
}

export function recordReader(record: Record<string, unknown>): FieldReader {
  return { get: (key) => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined) };
}

/** Reads one element; null when it is not a Y.Map, malformed, or of an unknown type. */
export function parseElement(id: string, value: unknown): BoardElement | null {
  if (!(value instanceof Y.Map)) return null;
  return parseFields(id, value as Y.Map<unknown>);
}

/** Reads an element from any field source (Y.Map or plain JSON, e.g. import and paste). */
export function parseFields(id: string, fields: FieldReader): BoardElement | null {
  const type = fields.get('type');
  if (!isElementType(type)) return null;
  const x = fields.get('x');
  const y = fields.get('y');
  if (!isCoordinate(x) || !isCoordinate(y)) return null;
  const z = fields.get('z');
  if (z !== undefined && typeof z !== 'string') return null;
  const rotation = fields.get('rotation');
  const strokeWidth = fields.get('strokeWidth');
  const author = fields.get('author');
  const createdAt = fields.get('createdAt');
  const base: ElementBase = {
    id,
    x,
    y,
    z: typeof z === 'string' ? z.slice(0, 200) : '',
    rotation: typeof rotation === 'number' && Number.isFinite(rotation) ? rotation : 0,
    stroke: isColor(fields.get('stroke')) ? (fields.get('stroke') as string) : DEFAULT_STROKE,
    fill: isColor(fields.get('fill')) ? (fields.get('fill') as string) : type === 'sticky' ? DEFAULT_STICKY_FILL : 'none',
    strokeWidth:
      typeof strokeWidth === 'number' && Number.isFinite(strokeWidth) && strokeWidth >= 0 && strokeWidth <= ElementLimits.maxStrokeWidth
        ? strokeWidth
        : DEFAULT_STROKE_WIDTH,
    ...(typeof author === 'string' ? { author: author.slice(0, 100) } : {}),
    ...(typeof createdAt === 'number' && Number.isFinite(createdAt) ? { createdAt } : {}),
  };
  switch (type) {
    case 'rect':
    case 'ellipse': {
      const w = fields.get('w');
      const h = fields.get('h');
      if (!isSize(w) || !isSize(h)) return null;
      return { ...base, type, w, h };
    }
    case 'stroke':
    case 'line':
    case 'arrow': {
      const points = readPoints(fields.get('points'));
      if (!points) return null;
      return { ...base, type, points };
    }
    case 'text':
    case 'sticky': {
      const w = fields.get('w');
      const h = fields.get('h');
      if (!isSize(w) || !isSize(h)) return null;
      const raw = fields.get('text');
      const ytext = raw instanceof Y.Text ? raw : null;
      const text = ytext ? ytext.toString() : typeof raw === 'string' ? raw : null;
      if (text === null || text.length > ElementLimits.maxTextLength) return null;
      return { ...base, type, w, h, text, ytext };
    }
  }
}

/** Points as a flat array of finite, bounded numbers in pairs; null when anything is off. */
function readPoints(value: unknown): number[] | null {
  let length: number;
  if (value instanceof Y.Array) length = value.length;
  else if (Array.isArray(value)) length = value.length;
  else return null;
  // Checked before copying, so a huge array costs nothing.
  if (length < 2 || length % 2 !== 0 || length > ElementLimits.maxPointNumbers) return null;
  const numbers: unknown[] = value instanceof Y.Array ? value.toArray() : (value as unknown[]);
  for (const n of numbers) if (!isCoordinate(n)) return null;
  return numbers as number[];
}

/** Every valid element of a board, in drawing order. */
export function readBoard(doc: Y.Doc): BoardElement[] {
  const out: BoardElement[] = [];
  doc.getMap<unknown>(ELEMENTS_KEY).forEach((value, id) => {
    const element = parseElement(id, value);
    if (element) out.push(element);
  });
  return out.sort(compareStacking);
}

export function compareStacking(a: { z: string; id: string }, b: { z: string; id: string }): number {
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The board title from `meta`, with a fallback. */
export function readTitle(doc: Y.Doc, fallback = 'Untitled board'): string {
  const title = doc.getMap<unknown>(META_KEY).get('title');
  return typeof title === 'string' && title.trim() !== '' ? title.slice(0, 200) : fallback;
}
