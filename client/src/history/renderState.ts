import { boardToSvg, elementBounds, elementToSvg, escapeXml, readBoard, readTitle, unionBoxes, type BoardElement, type Box } from '@idea-board/shared';
import * as Y from 'yjs';

/**
 * Past boards (a snapshot's or a moment's Yjs state) drawn read-only with the
 * shared element renderer, the one the server uses for exports and thumbnails.
 * The markup is safe to insert: elements come from the validating reader and
 * the renderer escapes every string it writes.
 */

/** A past board: its valid elements in drawing order, and its title. */
export interface PastBoard {
  elements: BoardElement[];
  title: string;
}

export interface RenderedBoard {
  svg: string;
  /** The drawing's natural size (world units at 100%). */
  width: number;
  height: number;
  /** The world area drawn (before padding): the frame asked for, grown to hold every element. */
  frame: Box;
  title: string;
  elementCount: number;
}

/** World units drawn around the frame. */
const PADDING = 48;
const EMPTY_FRAME: Box = { minX: 0, minY: 0, maxX: 400, maxY: 300 };

export function readState(state: Uint8Array): PastBoard {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { elements: readBoard(doc), title: readTitle(doc) };
  } finally {
    doc.destroy();
  }
}

/** The world area a set of elements covers, or null when there are none. */
export function boardBounds(elements: readonly BoardElement[]): Box | null {
  return unionBoxes(elements.map(elementBounds));
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Draws a board inside `frame` (world coordinates), grown as needed to hold
 * every element. A fixed frame keeps the elements still while a replay steps
 * through time, and matches a snapshot to the live board around it.
 */
export function renderBoard(board: PastBoard, frame: Box | null = null): RenderedBoard {
  const area = unionBoxes([frame, boardBounds(board.elements)].filter((b): b is Box => b !== null)) ?? EMPTY_FRAME;
  const x = area.minX - PADDING;
  const y = area.minY - PADDING;
  const width = Math.max(1, area.maxX - area.minX + 2 * PADDING);
  const height = Math.max(1, area.maxY - area.minY + 2 * PADDING);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x)} ${num(y)} ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}">`,
    `<title>${escapeXml(board.title)}</title>`,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
    ...board.elements.map(elementToSvg),
    '</svg>',
  ].join('');
  return { svg, width, height, frame: area, title: board.title, elementCount: board.elements.length };
}

export function renderState(state: Uint8Array, frame: Box | null = null): RenderedBoard {
  return renderBoard(readState(state), frame);
}

/** The live board as an SVG document (exports), from the tab's own copy: includes edits not yet saved. */
export function liveBoardSvg(doc: Y.Doc): string {
  return boardToSvg(readBoard(doc), { title: readTitle(doc) });
}

/** The `width` and `height` written on a root `<svg>`. */
export function svgNaturalSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(open)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(open)?.[1]);
  return { width: Number.isFinite(width) && width > 0 ? width : 800, height: Number.isFinite(height) && height > 0 ? height : 600 };
}

/** A file name from the board title: "Team retro.png". Keeps letters of any script, drops path and control characters. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${base || 'board'}.${extension}`;
}
