import { elementToData, parseElementData, type BoardElement, type Box, type ElementData, type Point } from '@idea-board/shared';

/**
 * Copy and paste of elements as JSON text, so it works within a board, across
 * boards and across tabs through the system clipboard:
 * `{"ideaBoardClipboard":1,"elements":[...]}`. Pasted data is untrusted: each
 * element goes through the shared reader, and junk is dropped.
 */
export const CLIPBOARD_MARKER = 'ideaBoardClipboard';
export const CLIPBOARD_VERSION = 1;
/** More than this many elements in one paste is refused as junk. */
export const MAX_PASTE_ELEMENTS = 10_000;
/** Clipboard text longer than this is not parsed at all. */
const MAX_CLIPBOARD_CHARS = 20_000_000;

export function serializeClipboard(elements: readonly BoardElement[]): string {
  return JSON.stringify({ [CLIPBOARD_MARKER]: CLIPBOARD_VERSION, elements: elements.map(elementToData) });
}

/** The valid elements of our clipboard JSON; null when the text is not ours (plain text, other apps). */
export function parseClipboard(text: string): ElementData[] | null {
  if (text.length > MAX_CLIPBOARD_CHARS || !text.includes(CLIPBOARD_MARKER)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record[CLIPBOARD_MARKER] !== CLIPBOARD_VERSION || !Array.isArray(record.elements)) return null;
  if (record.elements.length > MAX_PASTE_ELEMENTS) return null;
  const out: ElementData[] = [];
  for (const item of record.elements) {
    const data = parseElementData(item);
    if (data) out.push(data);
  }
  return out;
}

/** The box the data spans (points' extent for paths). */
export function dataBounds(items: readonly ElementData[]): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number): void => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const item of items) {
    if (item.points) {
      for (let i = 0; i + 1 < item.points.length; i += 2) add(item.x + item.points[i]!, item.y + item.points[i + 1]!);
    } else {
      add(item.x, item.y);
      add(item.x + (item.w ?? 0), item.y + (item.h ?? 0));
    }
  }
  return items.length > 0 && Number.isFinite(minX) ? { minX, minY, maxX, maxY } : null;
}

/** The shift that centres the pasted elements on `target` (rounded, so coordinates stay tidy). */
export function pasteOffset(items: readonly ElementData[], target: Point): { dx: number; dy: number } {
  const box = dataBounds(items);
  if (!box) return { dx: 0, dy: 0 };
  return { dx: Math.round(target.x - (box.minX + box.maxX) / 2), dy: Math.round(target.y - (box.minY + box.maxY) / 2) };
}
