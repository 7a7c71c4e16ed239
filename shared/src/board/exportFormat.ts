import * as Y from 'yjs';
import { elementToData, insertElements, parseElementData, setTitle, type ElementData } from './operations.js';
import { ElementLimits, parseFields, readBoard, readTitle, recordReader, isElementType, type BoardElement } from './schema.js';

/**
 * The board export format, version 1: JSON a person can read and another
 * program can write.
 *
 * ```json
 * {
 *   "format": "idea-board",
 *   "version": 1,
 *   "title": "Retro",
 *   "exportedAt": "2026-11-28T21:00:00.000Z",
 *   "elements": [
 *     { "id": "k3…", "type": "sticky", "x": 0, "y": 0, "w": 200, "h": 200,
 *       "fill": "#ffe066", "text": "Ship it", "z": "a0" },
 *     { "id": "p9…", "type": "stroke", "x": 10, "y": 10, "points": [0, 0, 4, 2],
 *       "stroke": "#1e1e1e", "strokeWidth": 2, "z": "a1" }
 *   ]
 * }
 * ```
 *
 * Element fields are those of the document schema (DESIGN.md); `points` is a
 * plain array and `text` a plain string. Unknown top-level fields are ignored.
 */

export const EXPORT_FORMAT = 'idea-board';
export const EXPORT_VERSION = 1;
export const MAX_IMPORT_ELEMENTS = 100_000;

export interface ExportedElement extends ElementData {
  id: string;
}

export interface BoardExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  title: string;
  exportedAt: string;
  elements: ExportedElement[];
}

export function exportBoard(doc: Y.Doc, now: Date = new Date()): BoardExport {
  return boardExport(readTitle(doc), readBoard(doc).map(exportElement), now);
}

/** One valid element as the export format writes it. */
export function exportElement(element: BoardElement): ExportedElement {
  return { id: element.id, ...elementToData(element) };
}

/** The export document around elements already in the export format (a whole board or part of one). */
export function boardExport(title: string, elements: ExportedElement[], now: Date): BoardExport {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, title, exportedAt: now.toISOString(), elements };
}

export type ImportResult = { ok: true; title: string; elements: ElementData[] } | { ok: false; error: string };

function describeInvalid(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const record = value as Record<string, unknown>;
  if (!isElementType(record.type)) return `has an unknown type ${JSON.stringify(record.type)}`;
  for (const key of ['x', 'y']) {
    const value = record[key];
    // The range is part of the message: a finite but far-away coordinate is refused too.
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > ElementLimits.maxCoordinate) {
      return `needs a finite number "${key}" within ±1e7`;
    }
  }
  const type = record.type;
  if (type === 'stroke' || type === 'line' || type === 'arrow') {
    return 'needs "points": an even-length array of finite numbers (at most 40,000) within range';
  }
  if (type === 'text' || type === 'sticky') return 'needs "w", "h" (0 to 1e6) and a string "text" (at most 20,000 characters)';
  return 'needs "w" and "h" between 0 and 1e6 and coordinates within ±1e7';
}

/** Checks an uploaded export; says what is wrong (and where) when it is not valid. */
export function parseBoardExport(value: unknown): ImportResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'the file is not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== EXPORT_FORMAT) return { ok: false, error: `"format" must be "${EXPORT_FORMAT}"` };
  if (record.version !== EXPORT_VERSION) return { ok: false, error: `unsupported "version" ${JSON.stringify(record.version)} (this server reads version ${EXPORT_VERSION})` };
  if (record.title !== undefined && typeof record.title !== 'string') return { ok: false, error: '"title" must be a string' };
  if (!Array.isArray(record.elements)) return { ok: false, error: '"elements" must be an array' };
  if (record.elements.length > MAX_IMPORT_ELEMENTS) return { ok: false, error: `too many elements (at most ${MAX_IMPORT_ELEMENTS})` };
  const elements: ElementData[] = [];
  for (let i = 0; i < record.elements.length; i++) {
    const data = parseElementData(record.elements[i]);
    if (!data) return { ok: false, error: `elements[${i}] ${describeInvalid(record.elements[i])}` };
    elements.push(data);
  }
  const title = typeof record.title === 'string' && record.title.trim() ? record.title.trim().slice(0, 200) : 'Imported board';
  return { ok: true, title, elements };
}

/** The longest element id an exported board may carry (document keys are random and short). */
const MAX_EXPORTED_ID_LENGTH = 200;

/**
 * Reads an export for display (a board's preview before its live copy has
 * synced), keeping element ids. Unlike `parseBoardExport` it does not refuse
 * the whole board for one bad element: each element goes through the same
 * reader as the document, and one that is malformed, has no usable id, or
 * repeats an earlier id is skipped, as renderers skip junk in the document.
 * Null when the body is not an export at all.
 */
export function readExportedBoard(value: unknown): { title: string | null; elements: BoardElement[] } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (record.format !== EXPORT_FORMAT || record.version !== EXPORT_VERSION || !Array.isArray(record.elements)) return null;
  if (record.elements.length > MAX_IMPORT_ELEMENTS) return null;
  const seen = new Set<string>();
  const elements: BoardElement[] = [];
  for (const item of record.elements as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const fields = item as Record<string, unknown>;
    const id = fields.id;
    if (typeof id !== 'string' || id === '' || id.length > MAX_EXPORTED_ID_LENGTH || seen.has(id)) continue;
    const element = parseFields(id, recordReader(fields));
    if (!element) continue;
    seen.add(id);
    elements.push(element);
  }
  const title = typeof record.title === 'string' && record.title.trim() ? record.title.trim().slice(0, 200) : null;
  return { title, elements };
}

/** A new document holding an import's content (its Yjs state seeds the new room). */
export function docFromImport(title: string, elements: ElementData[]): Y.Doc {
  const doc = new Y.Doc();
  setTitle(doc, null, title);
  insertElements(doc, null, elements);
  return doc;
}
