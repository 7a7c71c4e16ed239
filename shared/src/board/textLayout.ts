/**
 * Text metrics shared by the client and the SVG renderer, so a note wraps the
 * same way on screen and in an export. Widths are estimated from the font size
 * (no DOM here), which is close enough for the sans-serif stack below.
 */

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const STICKY_FONT_SIZE = 18;
export const TEXT_FONT_SIZE = 20;
export const STICKY_PADDING = 14;
export const LINE_HEIGHT = 1.3;

/** Average advance of one character, as a fraction of the font size. */
const CHAR_WIDTH = 0.55;

/** Splits text into lines no wider than `maxWidth`, breaking at spaces (or inside words too long for a line). */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const perLine = Math.max(1, Math.floor(maxWidth / (fontSize * CHAR_WIDTH)));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      if (word === '') continue;
      if ((line + word).length <= perLine) {
        line += word;
        continue;
      }
      if (line.trim() !== '') lines.push(line.trimEnd());
      line = word.trimStart();
      while (line.length > perLine) {
        lines.push(line.slice(0, perLine));
        line = line.slice(perLine);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
