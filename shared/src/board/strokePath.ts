import { getStroke } from 'perfect-freehand';

/**
 * The outline of a freehand stroke as an SVG path, smoothed by
 * perfect-freehand. Client rendering and server SVG export both use it, so a
 * stroke looks the same everywhere.
 */
export function strokeOutlinePath(points: readonly number[], strokeWidth: number, complete = true): string {
  const input: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) input.push([points[i]!, points[i + 1]!]);
  const outline = getStroke(input, {
    size: Math.max(1, strokeWidth * 2),
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: true,
    last: complete,
  });
  if (outline.length < 2) return '';
  const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();
  const [first, ...rest] = outline;
  let d = `M${fmt(first![0])},${fmt(first![1])}`;
  // Quadratic curves through midpoints give a smooth closed outline.
  for (let i = 0; i < rest.length; i++) {
    const [x0, y0] = outline[i]!;
    const [x1, y1] = rest[i]!;
    d += ` Q${fmt(x0)},${fmt(y0)} ${fmt((x0 + x1) / 2)},${fmt((y0 + y1) / 2)}`;
  }
  return `${d} Z`;
}

/** Points of a straight line or arrow as an SVG path (relative coordinates). */
export function polylinePath(points: readonly number[]): string {
  let d = '';
  for (let i = 0; i + 1 < points.length; i += 2) d += `${i === 0 ? 'M' : ' L'}${points[i]},${points[i + 1]}`;
  return d;
}

/** The two short strokes of an arrow head at the last point, as an SVG path. */
export function arrowHeadPath(points: readonly number[], strokeWidth: number): string {
  const n = points.length;
  if (n < 4) return '';
  const x1 = points[n - 2]!;
  const y1 = points[n - 1]!;
  const x0 = points[n - 4]!;
  const y0 = points[n - 3]!;
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const length = Math.max(10, strokeWidth * 5);
  const spread = Math.PI / 7;
  const ax = x1 - length * Math.cos(angle - spread);
  const ay = y1 - length * Math.sin(angle - spread);
  const bx = x1 - length * Math.cos(angle + spread);
  const by = y1 - length * Math.sin(angle + spread);
  return `M${ax},${ay} L${x1},${y1} L${bx},${by}`;
}
