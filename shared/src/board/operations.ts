import * as Y from 'yjs';
import { newRandomId } from '../ids.js';
import { pointsExtent } from './geometry.js';
import {
  ELEMENTS_KEY,
  META_KEY,
  compareStacking,
  isPathElement,
  parseElement,
  parseFields,
  recordReader,
  type BoardElement,
  type ElementType,
} from './schema.js';
import { zAbove, zAboveMany, zBelow } from './zIndex.js';

/**
 * Every board write, by name. Each runs in one `doc.transact` with the
 * caller's origin, so per-user undo (Y.UndoManager tracking that origin) and
 * the server's relay see one change per user action. Components never poke
 * Y.Maps directly.
 */

/** An element as plain data: clipboard, export and import use this shape. */
export interface ElementData {
  type: ElementType;
  x: number;
  y: number;
  w?: number;
  h?: number;
  points?: number[];
  stroke?: string;
  fill?: string;
  strokeWidth?: number;
  text?: string;
  rotation?: number;
  z?: string;
  author?: string;
  createdAt?: number;
}

export type Style = Partial<Pick<ElementData, 'stroke' | 'fill' | 'strokeWidth'>>;

export function elementsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ELEMENTS_KEY);
}

function elementMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const value = elementsMap(doc).get(id);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

/** The highest and lowest `z` among valid elements. */
export function stackingRange(doc: Y.Doc): { top: string | null; bottom: string | null } {
  let top: string | null = null;
  let bottom: string | null = null;
  elementsMap(doc).forEach((value) => {
    if (!(value instanceof Y.Map)) return;
    const z = value.get('z');
    if (typeof z !== 'string' || z === '') return;
    if (top === null || z > top) top = z;
    if (bottom === null || z < bottom) bottom = z;
  });
  return { top, bottom };
}

function buildElementMap(data: ElementData, z: string): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('type', data.type);
  map.set('x', data.x);
  map.set('y', data.y);
  if (data.w !== undefined) map.set('w', data.w);
  if (data.h !== undefined) map.set('h', data.h);
  if (data.points !== undefined) {
    const points = new Y.Array<number>();
    points.push(data.points);
    map.set('points', points);
  }
  if (data.stroke !== undefined) map.set('stroke', data.stroke);
  if (data.fill !== undefined) map.set('fill', data.fill);
  if (data.strokeWidth !== undefined) map.set('strokeWidth', data.strokeWidth);
  if (data.type === 'text' || data.type === 'sticky') map.set('text', new Y.Text(data.text ?? ''));
  if (data.rotation) map.set('rotation', data.rotation);
  map.set('z', z);
  if (data.author !== undefined) map.set('author', data.author);
  map.set('createdAt', data.createdAt ?? Date.now());
  return map;
}

/** Adds one element on top of the others; returns its id. */
export function createElement(doc: Y.Doc, origin: unknown, data: ElementData, id: string = newRandomId()): string {
  doc.transact(() => {
    elementsMap(doc).set(id, buildElementMap(data, zAbove(stackingRange(doc).top)));
  }, origin);
  return id;
}

/** Appends points (flat pairs, relative to the element) to a stroke, line or arrow being drawn. */
export function appendPoints(doc: Y.Doc, origin: unknown, id: string, points: number[]): void {
  const map = elementMap(doc, id);
  const array = map?.get('points');
  if (!(array instanceof Y.Array)) return;
  doc.transact(() => array.push(points), origin);
}

/** Replaces all points of a path element (e.g. a line's end being dragged). */
export function setPoints(doc: Y.Doc, origin: unknown, id: string, points: number[]): void {
  const map = elementMap(doc, id);
  if (!map) return;
  doc.transact(() => {
    const array = new Y.Array<number>();
    array.push(points);
    map.set('points', array);
  }, origin);
}

export function moveElements(doc: Y.Doc, origin: unknown, ids: Iterable<string>, dx: number, dy: number): void {
  if (dx === 0 && dy === 0) return;
  doc.transact(() => {
    for (const id of ids) {
      const element = parseElement(id, elementsMap(doc).get(id));
      const map = elementMap(doc, id);
      if (!element || !map) continue;
      map.set('x', element.x + dx);
      map.set('y', element.y + dy);
    }
  }, origin);
}

/** A new box for one element, as resizing writes it. */
export interface BoxChange {
  id: string;
  box: { x: number; y: number; w: number; h: number };
}

/** Writes one element's new geometry; path elements have their points scaled into the box. */
function applyBox(doc: Y.Doc, { id, box }: BoxChange): void {
  const element = parseElement(id, elementsMap(doc).get(id));
  const map = elementMap(doc, id);
  if (!element || !map) return;
  if (isPathElement(element)) {
    const p = element.points;
    const { minX, minY, maxX, maxY } = pointsExtent(p);
    const oldW = maxX - minX;
    const oldH = maxY - minY;
    const sx = oldW === 0 ? 1 : box.w / oldW;
    const sy = oldH === 0 ? 1 : box.h / oldH;
    const scaled = p.map((v, i) => (i % 2 === 0 ? (v - minX) * sx : (v - minY) * sy));
    const array = new Y.Array<number>();
    array.push(scaled);
    map.set('points', array);
    map.set('x', box.x);
    map.set('y', box.y);
  } else {
    map.set('x', box.x);
    map.set('y', box.y);
    map.set('w', Math.max(1, box.w));
    map.set('h', Math.max(1, box.h));
  }
}

/** Sets the geometry of one element (resize); path elements have their points scaled. */
export function setBox(doc: Y.Doc, origin: unknown, id: string, box: { x: number; y: number; w: number; h: number }): void {
  setBoxes(doc, origin, [{ id, box }]);
}

/** Resizes several elements in one transaction (a multi-selection resized by its handles). */
export function setBoxes(doc: Y.Doc, origin: unknown, changes: readonly BoxChange[]): void {
  if (changes.length === 0) return;
  doc.transact(() => {
    for (const change of changes) applyBox(doc, change);
  }, origin);
}

export function restyleElements(doc: Y.Doc, origin: unknown, ids: Iterable<string>, style: Style): void {
  doc.transact(() => {
    for (const id of ids) {
      const map = elementMap(doc, id);
      if (!map) continue;
      if (style.stroke !== undefined) map.set('stroke', style.stroke);
      if (style.fill !== undefined) map.set('fill', style.fill);
      if (style.strokeWidth !== undefined) map.set('strokeWidth', style.strokeWidth);
    }
  }, origin);
}

export function deleteElements(doc: Y.Doc, origin: unknown, ids: Iterable<string>): void {
  doc.transact(() => {
    for (const id of ids) elementsMap(doc).delete(id);
  }, origin);
}

function sortedValid(doc: Y.Doc, ids: Iterable<string>): BoardElement[] {
  const out: BoardElement[] = [];
  for (const id of ids) {
    const element = parseElement(id, elementsMap(doc).get(id));
    if (element) out.push(element);
  }
  return out.sort(compareStacking);
}

/** Moves the elements above all others, keeping their order among themselves. */
export function bringToFront(doc: Y.Doc, origin: unknown, ids: Iterable<string>): void {
  const elements = sortedValid(doc, ids);
  doc.transact(() => {
    const keys = zAboveMany(stackingRange(doc).top, elements.length);
    elements.forEach((element, i) => elementMap(doc, element.id)?.set('z', keys[i]!));
  }, origin);
}

/** Moves the elements below all others, keeping their order among themselves. */
export function sendToBack(doc: Y.Doc, origin: unknown, ids: Iterable<string>): void {
  const elements = sortedValid(doc, ids).reverse();
  doc.transact(() => {
    let bottom = stackingRange(doc).bottom;
    for (const element of elements) {
      bottom = zBelow(bottom);
      elementMap(doc, element.id)?.set('z', bottom);
    }
  }, origin);
}

/** Plain data of an element, for the clipboard and export. */
export function elementToData(element: BoardElement): ElementData {
  const data: ElementData = {
    type: element.type,
    x: element.x,
    y: element.y,
    stroke: element.stroke,
    fill: element.fill,
    strokeWidth: element.strokeWidth,
    z: element.z,
  };
  if (element.rotation) data.rotation = element.rotation;
  if (element.author !== undefined) data.author = element.author;
  if (element.createdAt !== undefined) data.createdAt = element.createdAt;
  if (isPathElement(element)) data.points = [...element.points];
  else {
    data.w = element.w;
    data.h = element.h;
    if (element.type === 'text' || element.type === 'sticky') data.text = element.text;
  }
  return data;
}

/** Validates untrusted plain data (paste, import) through the same reader as the document. */
export function parseElementData(value: unknown): ElementData | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const element = parseFields('import', recordReader(value as Record<string, unknown>));
  return element ? elementToData(element) : null;
}

/**
 * Adds copies of elements (paste, duplicate) above everything, offset by
 * (dx, dy), keeping their relative order; returns the new ids in that order.
 */
export function insertElements(doc: Y.Doc, origin: unknown, items: ElementData[], dx = 0, dy = 0, author?: string): string[] {
  const ordered = [...items].sort((a, b) => ((a.z ?? '') < (b.z ?? '') ? -1 : (a.z ?? '') > (b.z ?? '') ? 1 : 0));
  const ids = ordered.map(() => newRandomId());
  doc.transact(() => {
    const keys = zAboveMany(stackingRange(doc).top, ordered.length);
    ordered.forEach((data, i) => {
      const copy: ElementData = { ...data, x: data.x + dx, y: data.y + dy, createdAt: Date.now() };
      if (author !== undefined) copy.author = author;
      elementsMap(doc).set(ids[i]!, buildElementMap(copy, keys[i]!));
    });
  }, origin);
  return ids;
}

export function duplicateElements(doc: Y.Doc, origin: unknown, ids: Iterable<string>, offset = 20): string[] {
  return insertElements(doc, origin, sortedValid(doc, ids).map(elementToData), offset, offset);
}

/** Turns a Y.Text into `next` with the smallest single splice, keeping concurrent edits elsewhere. */
export function replaceText(text: Y.Text, origin: unknown, next: string): void {
  const change = diffText(text.toString(), next);
  if (!change) return;
  const apply = (): void => {
    if (change.deleteCount > 0) text.delete(change.index, change.deleteCount);
    if (change.insert.length > 0) text.insert(change.index, change.insert);
  };
  if (text.doc) text.doc.transact(apply, origin);
  else apply();
}

/** One contiguous replacement that turns one string into another. */
export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The smallest single splice between two strings (common prefix and suffix
 * kept, never splitting a surrogate pair). A textarea `input` changes one
 * contiguous range (typing, paste, cut, IME), so this recovers the edit exactly.
 * Null when equal.
 */
export function diffText(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { index: prefix, deleteCount: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function setTitle(doc: Y.Doc, origin: unknown, title: string): void {
  doc.transact(() => doc.getMap<unknown>(META_KEY).set('title', title.slice(0, 200)), origin);
}
