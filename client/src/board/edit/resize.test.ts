import { describe, expect, it } from 'vitest';
import { MIN_SIZE, handlePosition, mapBox, resizeBox, toRect } from './resize';

const box = { minX: 0, minY: 0, maxX: 100, maxY: 50 };

describe('resize', () => {
  it('places handles on corners and edge midpoints', () => {
    expect(handlePosition(box, 'nw')).toEqual({ x: 0, y: 0 });
    expect(handlePosition(box, 'e')).toEqual({ x: 100, y: 25 });
    expect(handlePosition(box, 's')).toEqual({ x: 50, y: 50 });
  });

  it('moves only the dragged edges', () => {
    expect(resizeBox(box, 'se', 10, 20)).toEqual({ minX: 0, minY: 0, maxX: 110, maxY: 70 });
    expect(resizeBox(box, 'w', 10, 999)).toEqual({ minX: 10, minY: 0, maxX: 100, maxY: 50 });
    expect(resizeBox(box, 'n', 999, -10)).toEqual({ minX: 0, minY: -10, maxX: 100, maxY: 50 });
  });

  it('never lets edges cross', () => {
    const squashed = resizeBox(box, 'e', -500, 0);
    expect(squashed.maxX - squashed.minX).toBe(MIN_SIZE);
    const flipped = resizeBox(box, 'nw', 500, 500);
    expect(flipped.maxX - flipped.minX).toBe(MIN_SIZE);
    expect(flipped.maxY - flipped.minY).toBe(MIN_SIZE);
  });

  it('keeps proportions on a corner when asked', () => {
    const resized = resizeBox(box, 'se', 100, 0, true);
    expect(resized).toEqual({ minX: 0, minY: 0, maxX: 200, maxY: 100 });
    const fromNw = resizeBox(box, 'nw', -100, 0, true);
    expect(fromNw).toEqual({ minX: -100, minY: -50, maxX: 100, maxY: 50 });
  });

  it('maps inner boxes proportionally', () => {
    const to = { minX: 0, minY: 0, maxX: 200, maxY: 100 };
    expect(mapBox({ minX: 50, minY: 0, maxX: 100, maxY: 25 }, box, to)).toEqual({ minX: 100, minY: 0, maxX: 200, maxY: 50 });
    // A flat line (zero height) keeps its height.
    const flat = { minX: 0, minY: 10, maxX: 100, maxY: 10 };
    expect(mapBox(flat, flat, { minX: 0, minY: 20, maxX: 50, maxY: 20 })).toEqual({ minX: 0, minY: 20, maxX: 50, maxY: 20 });
    expect(toRect(to)).toEqual({ x: 0, y: 0, w: 200, h: 100 });
  });
});
