import { cssFont, type Measure, type TextKind } from './textLayout';

/**
 * Text widths for wrapping, measured with a canvas in the element's font and
 * cached (the same words come back at every re-render).
 */
const contexts = new Map<TextKind, CanvasRenderingContext2D | null>();
const cache = new Map<string, number>();
const MAX_CACHE = 20_000;

function context(kind: TextKind): CanvasRenderingContext2D | null {
  if (!contexts.has(kind)) {
    const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    if (ctx) ctx.font = cssFont(kind);
    contexts.set(kind, ctx);
  }
  return contexts.get(kind) ?? null;
}

export function measureFor(kind: TextKind): Measure {
  return (text) => {
    const key = `${kind}\u0000${text}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const ctx = context(kind);
    // Without a canvas (never in a browser), a fair average glyph width.
    const width = ctx ? ctx.measureText(text).width : text.length * 0.55 * (kind === 'text' ? 20 : 16);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(key, width);
    return width;
  };
}

/** Measures in the text-element font (plain-text paste sizing). */
export const measureText: Measure = measureFor('text');
