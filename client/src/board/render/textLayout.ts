import { FONT_FAMILY, LINE_HEIGHT, STICKY_FONT_SIZE, STICKY_PADDING, TEXT_FONT_SIZE } from '@idea-board/shared';

/**
 * Word wrapping for SVG text (SVG has none): lines that fit a width, given a
 * measuring function (canvas `measureText` in the browser, a stub in tests).
 */

export type Measure = (text: string) => number;

/**
 * Font settings per text-bearing element type, from the shared metrics (so
 * exports look the same); the in-place editor uses the same.
 */
export const TEXT_STYLE = {
  text: { fontSize: TEXT_FONT_SIZE, lineHeight: LINE_HEIGHT, padding: 0, family: FONT_FAMILY, weight: 400 },
  sticky: { fontSize: STICKY_FONT_SIZE, lineHeight: LINE_HEIGHT, padding: STICKY_PADDING, family: FONT_FAMILY, weight: 400 },
} as const;

export type TextKind = keyof typeof TEXT_STYLE;

export function cssFont(kind: TextKind): string {
  const style = TEXT_STYLE[kind];
  return `${style.weight} ${style.fontSize}px ${style.family}`;
}

/** Splits one long word into pieces no wider than `maxWidth` (at least one character each). */
function breakWord(word: string, maxWidth: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of word) {
    if (current !== '' && measure(current + char) > maxWidth) {
      pieces.push(current);
      current = char;
    } else {
      current += char;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * The text's lines wrapped at spaces to `maxWidth`; hard line breaks are
 * kept; overlong words are split. A line ended by a soft wrap keeps its
 * trailing space (invisible at the line's end), so the lines joined give the
 * text back and a note's text content still reads as written.
 */
export function wrapLines(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (paragraph === '' || measure(paragraph) <= maxWidth) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/(?<= )/)) {
      if (measure((line + word).trimEnd()) <= maxWidth) {
        line += word;
        continue;
      }
      if (line !== '') lines.push(line);
      if (measure(word.trimEnd()) <= maxWidth) {
        line = word;
      } else {
        const pieces = breakWord(word, maxWidth, measure);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1) ?? '';
      }
    }
    lines.push(line);
  }
  return lines;
}

/** At most `maxLines` lines; when cut, the last one ends with an ellipsis. */
export function clampLines(lines: readonly string[], maxLines: number): string[] {
  if (lines.length <= maxLines) return [...lines];
  if (maxLines <= 0) return [];
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${[...kept[maxLines - 1]!].slice(0, -1).join('').trimEnd()}…`;
  return kept;
}

/** Height a text element needs for `lineCount` lines. */
export function textHeight(kind: TextKind, lineCount: number): number {
  const style = TEXT_STYLE[kind];
  return Math.ceil(Math.max(1, lineCount) * style.fontSize * style.lineHeight + style.padding * 2);
}
