import { elementBounds, unionBoxes, type Box } from './geometry.js';
import { arrowHeadPath, polylinePath, strokeOutlinePath } from './strokePath.js';
import { isPathElement, type BoardElement } from './schema.js';
import { FONT_FAMILY, LINE_HEIGHT, STICKY_FONT_SIZE, STICKY_PADDING, TEXT_FONT_SIZE, wrapText } from './textLayout.js';

/**
 * A board drawn as a standalone SVG document: exports, snapshot views and
 * thumbnails. Elements come from the validating reader, and every string put
 * into the markup is escaped, so a board written by anyone renders safely.
 */

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

function rotation(element: BoardElement, box: Box): string {
  if (!element.rotation) return '';
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  return ` transform="rotate(${num((element.rotation * 180) / Math.PI)} ${num(cx)} ${num(cy)})"`;
}

function textLines(lines: string[], x: number, y: number, fontSize: number, fill: string): string {
  const lineHeight = fontSize * LINE_HEIGHT;
  return lines
    .map((line, i) => `<text x="${num(x)}" y="${num(y + fontSize + i * lineHeight)}" font-size="${fontSize}" fill="${fill}" font-family="${escapeXml(FONT_FAMILY)}" xml:space="preserve">${escapeXml(line)}</text>`)
    .join('');
}

/** One element as an SVG `<g>` carrying its id and type. */
export function elementToSvg(element: BoardElement): string {
  const open = `<g data-element-id="${escapeXml(element.id)}" data-element-type="${element.type}"`;
  if (isPathElement(element)) {
    const p = element.points;
    const box = { minX: element.x, minY: element.y, maxX: element.x, maxY: element.y };
    const translate = ` transform="translate(${num(element.x)} ${num(element.y)})${element.rotation ? ` rotate(${num((element.rotation * 180) / Math.PI)})` : ''}"`;
    if (element.type === 'stroke') {
      return `${open}${translate}><path d="${strokeOutlinePath(p, element.strokeWidth)}" fill="${element.stroke}"/></g>`;
    }
    const line = `<path d="${polylinePath(p)}" fill="none" stroke="${element.stroke}" stroke-width="${num(element.strokeWidth)}" stroke-linecap="round" stroke-linejoin="round"/>`;
    const head = element.type === 'arrow' ? `<path d="${arrowHeadPath(p, element.strokeWidth)}" fill="none" stroke="${element.stroke}" stroke-width="${num(element.strokeWidth)}" stroke-linecap="round" stroke-linejoin="round"/>` : '';
    void box;
    return `${open}${translate}>${line}${head}</g>`;
  }
  const box = { minX: element.x, minY: element.y, maxX: element.x + element.w, maxY: element.y + element.h };
  const rotate = rotation(element, box);
  switch (element.type) {
    case 'rect':
      return `${open}${rotate}><rect x="${num(element.x)}" y="${num(element.y)}" width="${num(element.w)}" height="${num(element.h)}" rx="4" fill="${element.fill}" stroke="${element.stroke}" stroke-width="${num(element.strokeWidth)}"/></g>`;
    case 'ellipse':
      return `${open}${rotate}><ellipse cx="${num(element.x + element.w / 2)}" cy="${num(element.y + element.h / 2)}" rx="${num(element.w / 2)}" ry="${num(element.h / 2)}" fill="${element.fill}" stroke="${element.stroke}" stroke-width="${num(element.strokeWidth)}"/></g>`;
    case 'sticky': {
      const lines = wrapText(element.text, element.w - 2 * STICKY_PADDING, STICKY_FONT_SIZE);
      return `${open}${rotate}><rect x="${num(element.x)}" y="${num(element.y)}" width="${num(element.w)}" height="${num(element.h)}" rx="6" fill="${element.fill}" stroke="rgba(0,0,0,0.08)"/>${textLines(lines, element.x + STICKY_PADDING, element.y + STICKY_PADDING - 2, STICKY_FONT_SIZE, '#1e1e1e')}</g>`;
    }
    case 'text': {
      const lines = wrapText(element.text, Math.max(element.w, TEXT_FONT_SIZE), TEXT_FONT_SIZE);
      return `${open}${rotate}>${textLines(lines, element.x, element.y - 2, TEXT_FONT_SIZE, element.stroke)}</g>`;
    }
  }
}

export interface SvgOptions {
  /** World units around the drawing. */
  padding?: number;
  background?: string;
  /** Scale the drawing to fit this many pixels wide (thumbnails); natural size when absent. */
  width?: number;
  title?: string;
}

/** The whole board (elements already sorted in drawing order) as an SVG document. */
export function boardToSvg(elements: BoardElement[], options: SvgOptions = {}): string {
  const padding = options.padding ?? 32;
  const bounds = unionBoxes(elements.map(elementBounds)) ?? { minX: 0, minY: 0, maxX: 400, maxY: 300 };
  const x = bounds.minX - padding;
  const y = bounds.minY - padding;
  const w = Math.max(1, bounds.maxX - bounds.minX + 2 * padding);
  const h = Math.max(1, bounds.maxY - bounds.minY + 2 * padding);
  const width = options.width ?? w;
  const height = (width / w) * h;
  const background = options.background ?? '#ffffff';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x)} ${num(y)} ${num(w)} ${num(h)}" width="${num(width)}" height="${num(height)}">`,
    options.title ? `<title>${escapeXml(options.title)}</title>` : '',
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${escapeXml(background)}"/>`,
    ...elements.map(elementToSvg),
    '</svg>',
  ].join('');
}
