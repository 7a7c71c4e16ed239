/**
 * An attachment for an SVG `<text>` that sizes the `<rect>` right before it
 * to the text's width plus `padX` on each side (SVG text has no box to pad).
 * Pass the label as `text` so the attachment re-runs when it changes:
 * `<text {@attach fitLabel(label, 6)}>{label}</text>`.
 */
export function fitLabel(_text: string, padX: number) {
  return (node: SVGTextElement): void => {
    const background = node.previousElementSibling;
    if (!(background instanceof SVGRectElement)) return;
    const width = textWidth(node);
    if (width > 0) background.setAttribute('width', String(Math.ceil(width) + padX * 2));
  };
}

function textWidth(node: SVGTextElement): number {
  try {
    return node.getComputedTextLength();
  } catch {
    return 0; // not rendered (display: none): the estimate stays
  }
}

/** Shortens a name for a label, with an ellipsis. */
export function shortLabel(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
