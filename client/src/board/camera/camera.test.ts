import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM,
  MIN_ZOOM,
  clampZoom,
  needsCommit,
  overscanFor,
  stageTransform,
  detailForZoom,
  gridImage,
  fitBox,
  gridSpacing,
  pinchCamera,
  screenToWorld,
  steppedZoom,
  visibleWorldBox,
  wheelZoomFactor,
  worldToScreen,
  zoomAt,
  type Camera,
} from './camera';

const cam: Camera = { x: 100, y: -50, zoom: 2 };

describe('camera', () => {
  it('maps screen to world and back', () => {
    const world = screenToWorld(cam, { x: 300, y: 150 });
    expect(world).toEqual({ x: 100, y: 100 });
    expect(worldToScreen(cam, world)).toEqual({ x: 300, y: 150 });
  });

  it('knows which world box is visible', () => {
    expect(visibleWorldBox(cam, { width: 400, height: 200 })).toEqual({ minX: -50, minY: 25, maxX: 150, maxY: 125 });
  });

  it('zooms about a point that stays put', () => {
    const anchor = { x: 320, y: 240 };
    const before = screenToWorld(cam, anchor);
    const next = zoomAt(cam, anchor, 3.5);
    expect(next.zoom).toBe(3.5);
    const after = screenToWorld(next, anchor);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('clamps zoom and survives junk', () => {
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(0)).toBe(MIN_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(zoomAt(cam, { x: 0, y: 0 }, 1e9).zoom).toBe(MAX_ZOOM);
  });

  it('steps zoom through round values', () => {
    expect(steppedZoom(1, 1)).toBe(1.25);
    expect(steppedZoom(1, -1)).toBe(0.8);
    expect(steppedZoom(0.9, 1)).toBe(1);
    expect(steppedZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(steppedZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('zooms in for a wheel up and out for a wheel down, bounded per event', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(10_000)).toBe(wheelZoomFactor(100));
  });

  it('fits a box centred with padding, never above the zoom cap', () => {
    const size = { width: 1000, height: 600 };
    const fitted = fitBox({ minX: 0, minY: 0, maxX: 2000, maxY: 500 }, size, 50);
    expect(fitted.zoom).toBeCloseTo(900 / 2000);
    const centre = worldToScreen(fitted, { x: 1000, y: 250 });
    expect(centre.x).toBeCloseTo(500);
    expect(centre.y).toBeCloseTo(300);
    expect(fitBox({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, size).zoom).toBe(1);
  });

  it('pinch keeps the midpoint under the fingers and zooms by the spread', () => {
    const start: Camera = { x: 0, y: 0, zoom: 1 };
    const next = pinchCamera(
      start,
      [
        { x: 100, y: 100 },
        { x: 200, y: 100 },
      ],
      [
        { x: 50, y: 120 },
        { x: 250, y: 120 },
      ],
    );
    expect(next.zoom).toBeCloseTo(2);
    // The world point first at the midpoint (150, 100) is now at the new midpoint (150, 120).
    const moved = worldToScreen(next, { x: 150, y: 100 });
    expect(moved.x).toBeCloseTo(150);
    expect(moved.y).toBeCloseTo(120);
  });

  it('spaces grid dots at least the minimum gap apart', () => {
    expect(gridSpacing({ x: 0, y: 0, zoom: 1 })).toBe(24);
    expect(gridSpacing({ x: 0, y: 0, zoom: 0.1 })).toBeGreaterThanOrEqual(12);
  });

  it('lowers detail as the board gets small on screen', () => {
    expect(detailForZoom(1)).toBe('full');
    expect(detailForZoom(0.3)).toBe('reduced');
    expect(detailForZoom(0.1)).toBe('minimal');
  });

  it('slides the stage until the pan nears the overscan edge or the zoom changes', () => {
    const overscan = overscanFor({ width: 1000, height: 600 });
    expect(overscan).toEqual({ x: 500, y: 300 });
    const committed: Camera = { x: 0, y: 0, zoom: 1 };
    expect(needsCommit(committed, { x: 300, y: -200, zoom: 1 }, overscan)).toBe(false);
    expect(needsCommit(committed, { x: 400, y: 0, zoom: 1 }, overscan)).toBe(true);
    expect(needsCommit(committed, { x: 0, y: 0, zoom: 1.1 }, overscan)).toBe(true);
    // A world point is drawn at its camera position plus the stage's overscan.
    expect(stageTransform({ x: 10, y: 20, zoom: 2 }, overscan)).toBe('matrix(2 0 0 2 510 320)');
  });

  it('draws a grid cell as a data-URI image', () => {
    const image = gridImage(24);
    expect(image.startsWith('url("data:image/svg+xml,')).toBe(true);
    expect(decodeURIComponent(image.slice(25, -2))).toContain("width='24'");
    // Nothing inside the URL that would end it or break CSS.
    expect(image.slice(5, -2)).not.toMatch(/[<>#"]/);
  });
});
