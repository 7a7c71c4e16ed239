import type { Box, Point } from '@idea-board/shared';

/**
 * Where the board is looked at from: a world point p is drawn at
 * `p * zoom + (x, y)` on screen (CSS pixels, relative to the canvas).
 * Pure functions only; the rune class in `viewport.svelte.ts` holds the state.
 */
export interface Camera {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 8;
/** Zoom factors the +/- buttons step through. */
export const ZOOM_STEPS = [0.02, 0.05, 0.1, 0.15, 0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 6, 8] as const;

export const IDENTITY: Camera = { x: 0, y: 0, zoom: 1 };

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function screenToWorld(camera: Camera, point: Point): Point {
  return { x: (point.x - camera.x) / camera.zoom, y: (point.y - camera.y) / camera.zoom };
}

export function worldToScreen(camera: Camera, point: Point): Point {
  return { x: point.x * camera.zoom + camera.x, y: point.y * camera.zoom + camera.y };
}

/** The part of the world the canvas shows. */
export function visibleWorldBox(camera: Camera, size: Size): Box {
  const a = screenToWorld(camera, { x: 0, y: 0 });
  const b = screenToWorld(camera, { x: size.width, y: size.height });
  return { minX: a.x, minY: a.y, maxX: b.x, maxY: b.y };
}

export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return { x: camera.x + dx, y: camera.y + dy, zoom: camera.zoom };
}

/** Sets the zoom while the world point under `anchor` (screen) stays under it. */
export function zoomAt(camera: Camera, anchor: Point, zoom: number): Camera {
  const next = clampZoom(zoom);
  const world = screenToWorld(camera, anchor);
  return { x: anchor.x - world.x * next, y: anchor.y - world.y * next, zoom: next };
}

/** The next zoom step above (direction 1) or below (-1) the current zoom. */
export function steppedZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((step) => step > zoom * 1.001) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((step) => step < zoom / 1.001) ?? MIN_ZOOM;
}

/** Zoom factor for a wheel delta (pixels); a mouse notch (~100) is about 20%. */
export function wheelZoomFactor(deltaY: number): number {
  const clamped = Math.max(-100, Math.min(100, deltaY));
  return Math.exp(-clamped * 0.002);
}

/** A camera showing `box` whole and centred, with `padding` screen pixels around it, zoom at most `maxZoom`. */
export function fitBox(box: Box, size: Size, padding = 48, maxZoom = 1): Camera {
  const w = Math.max(box.maxX - box.minX, 1);
  const h = Math.max(box.maxY - box.minY, 1);
  const availableW = Math.max(size.width - padding * 2, 1);
  const availableH = Math.max(size.height - padding * 2, 1);
  const zoom = clampZoom(Math.min(availableW / w, availableH / h, maxZoom));
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  return { x: size.width / 2 - cx * zoom, y: size.height / 2 - cy * zoom, zoom };
}

/** The camera at `zoom`, keeping the world point at the centre of the canvas where it is. */
export function zoomAtCentre(camera: Camera, size: Size, zoom: number): Camera {
  return zoomAt(camera, { x: size.width / 2, y: size.height / 2 }, zoom);
}

/** The SVG transform of the viewport group. */
export function cameraTransform(camera: Camera): string {
  return `matrix(${camera.zoom} 0 0 ${camera.zoom} ${camera.x} ${camera.y})`;
}

/**
 * Pinch: the camera that keeps the world points first under two fingers
 * under their new positions (as far as a uniform zoom allows): the midpoint
 * follows, the distance ratio zooms.
 */
export function pinchCamera(start: Camera, from: [Point, Point], to: [Point, Point]): Camera {
  const d0 = Math.hypot(from[1].x - from[0].x, from[1].y - from[0].y);
  const d1 = Math.hypot(to[1].x - to[0].x, to[1].y - to[0].y);
  const zoom = clampZoom(d0 > 0 ? start.zoom * (d1 / d0) : start.zoom);
  const m0 = { x: (from[0].x + from[1].x) / 2, y: (from[0].y + from[1].y) / 2 };
  const m1 = { x: (to[0].x + to[1].x) / 2, y: (to[0].y + to[1].y) / 2 };
  const world = screenToWorld(start, m0);
  return { x: m1.x - world.x * zoom, y: m1.y - world.y * zoom, zoom };
}

/** Dot-grid spacing on screen: world spacing times zoom, doubled until dots are at least `minGap` apart. */
export function gridSpacing(camera: Camera, worldSpacing = 24, minGap = 12): number {
  let spacing = worldSpacing * camera.zoom;
  if (!(spacing > 0)) return worldSpacing;
  while (spacing < minGap) spacing *= 2;
  return Math.round(spacing * 100) / 100;
}

/**
 * One grid cell as an SVG image (a dot of constant screen size at the cell's
 * corner), tiled as the stage's background: far cheaper to paint than a CSS
 * gradient per cell, and the dot stays small at every zoom.
 */
export function gridImage(spacing: number, color = '#cfd4dc', radius = 1.1): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='${spacing}' height='${spacing}'><circle cx='${radius}' cy='${radius}' r='${radius}' fill='${color}'/></svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg).replace(/'/g, '%27')}")`;
}

/**
 * How much detail elements draw at this zoom: text too small to read becomes
 * grey bars, and far out only the shapes' silhouettes remain, so a zoomed-out
 * board with thousands of elements in view stays cheap to paint.
 */
export type Detail = 'full' | 'reduced' | 'minimal';

export const REDUCED_DETAIL_BELOW = 0.45;
export const MINIMAL_DETAIL_BELOW = 0.18;

export function detailForZoom(zoom: number): Detail {
  if (zoom < MINIMAL_DETAIL_BELOW) return 'minimal';
  if (zoom < REDUCED_DETAIL_BELOW) return 'reduced';
  return 'full';
}

/**
 * Panning without repainting: the drawing sits on a stage larger than the
 * canvas by `overscan` on every side, and a pan first just slides that stage
 * (a compositor transform, no repaint). The camera the drawing was last
 * painted with ("committed") catches up when the slide nears the overscan
 * edge, when the zoom changes, or when panning pauses.
 */
export function overscanFor(size: Size): Point {
  return { x: Math.round(size.width / 2), y: Math.round(size.height / 2) };
}

/** Whether the drawing must be repainted at `camera` instead of sliding the stage further. */
export function needsCommit(committed: Camera, camera: Camera, overscan: Point): boolean {
  if (camera.zoom !== committed.zoom) return true;
  return Math.abs(camera.x - committed.x) > overscan.x * 0.75 || Math.abs(camera.y - committed.y) > overscan.y * 0.75;
}

/** The viewport group's transform on the stage (whose origin is `overscan` above and left of the canvas). */
export function stageTransform(committed: Camera, overscan: Point): string {
  return cameraTransform({ x: committed.x + overscan.x, y: committed.y + overscan.y, zoom: committed.zoom });
}
