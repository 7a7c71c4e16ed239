import { svgNaturalSize } from './renderState';

/** Saving files from the page: a download link for a blob, and an SVG drawn onto a canvas as PNG. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give slow browsers a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Largest PNG side and area: browsers refuse (or silently blank) canvases beyond these. */
const MAX_SIDE = 8192;
const MAX_AREA = 8192 * 8192 * 0.5;

/** The pixel size of a PNG for an SVG of `width` x `height` at `scale`, kept within what a canvas can hold. */
export function pngSize(width: number, height: number, scale: number): { width: number; height: number } {
  let factor = scale;
  factor = Math.min(factor, MAX_SIDE / Math.max(1, width), MAX_SIDE / Math.max(1, height));
  factor = Math.min(factor, Math.sqrt(MAX_AREA / Math.max(1, width * height)));
  return { width: Math.max(1, Math.floor(width * factor)), height: Math.max(1, Math.floor(height * factor)) };
}

/** Draws an SVG document onto a canvas (at `scale`, for crisp output) and encodes it as PNG. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const natural = svgNaturalSize(svg);
  const size = pngSize(natural.width, natural.height, scale);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    context.drawImage(image, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the image could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
