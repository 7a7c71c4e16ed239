import type { Box, Point } from '@idea-board/shared';
import {
  IDENTITY,
  detailForZoom,
  fitBox,
  needsCommit,
  overscanFor,
  panBy,
  screenToWorld,
  stageTransform,
  steppedZoom,
  visibleWorldBox,
  zoomAt,
  zoomAtCentre,
  type Camera,
  type Detail,
  type Size,
} from './camera';

/** A pause in panning this long repaints the drawing at the final camera. */
const IDLE_COMMIT_MS = 250;

/** The first view never zooms out further than this to show a board's content. */
const MIN_FIRST_VIEW_ZOOM = 0.5;

/**
 * The camera and the canvas size as runes. A pan slides the stage (one CSS
 * transform, no repaint) until `needsCommit`; then the viewport group's
 * transform changes. Listeners (the culler) hear about every change.
 */
export class Viewport {
  #camera = $state.raw<Camera>(IDENTITY);
  /** The camera the drawing was last painted with (see `needsCommit`). */
  #committed = $state.raw<Camera>(IDENTITY);
  #size = $state.raw<Size>({ width: 0, height: 0 });
  #idleCommit: ReturnType<typeof setTimeout> | null = null;
  // Plain callbacks, not UI state: nothing renders from this set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #listeners = new Set<() => void>();

  /** Extra stage around the canvas on every side, so a pan can slide before it repaints. */
  readonly overscan: Point = $derived(overscanFor(this.#size));
  /** The viewport group's transform (changes only when the drawing is repainted). */
  readonly transform: string = $derived(stageTransform(this.#committed, this.overscan));
  /** How far the stage slides now: the pan not yet repainted. */
  readonly slide: Point = $derived({ x: this.#camera.x - this.#committed.x, y: this.#camera.y - this.#committed.y });
  /** The camera the drawing is painted with (the grid follows it). */
  get committed(): Camera {
    return this.#committed;
  }
  /**
   * Element detail for the zoom. Its own state, set only when it changes: a
   * derived of the camera would make every mounted element re-check on every
   * pan frame.
   */
  #detail = $state<Detail>('full');
  /** The zoom as a whole percentage, for the zoom control. */
  readonly percent: number = $derived(Math.round(this.#camera.zoom * 100));

  get camera(): Camera {
    return this.#camera;
  }

  get size(): Size {
    return this.#size;
  }

  get detail(): Detail {
    return this.#detail;
  }

  get zoom(): number {
    return this.#camera.zoom;
  }

  /** The world box on screen (not reactive-tracked: read from event handlers and the culler). */
  visibleBox(): Box {
    return visibleWorldBox(this.#camera, this.#size);
  }

  toWorld(screen: Point): Point {
    return screenToWorld(this.#camera, screen);
  }

  /** The world point at the middle of the canvas. */
  centre(): Point {
    return this.toWorld({ x: this.#size.width / 2, y: this.#size.height / 2 });
  }

  setSize(size: Size): void {
    if (size.width === this.#size.width && size.height === this.#size.height) return;
    this.#size = size;
    this.#commit();
    this.#notify();
  }

  setCamera(camera: Camera): void {
    const c = this.#camera;
    if (camera.x === c.x && camera.y === c.y && camera.zoom === c.zoom) return;
    this.#camera = camera;
    if (needsCommit(this.#committed, camera, overscanFor(this.#size))) this.#commit();
    else this.#scheduleIdleCommit();
    const detail = detailForZoom(camera.zoom);
    if (detail !== this.#detail) this.#detail = detail;
    this.#notify();
  }

  panBy(dx: number, dy: number): void {
    this.setCamera(panBy(this.#camera, dx, dy));
  }

  zoomAt(anchor: Point, zoom: number): void {
    this.setCamera(zoomAt(this.#camera, anchor, zoom));
  }

  zoomIn(): void {
    this.setCamera(zoomAtCentre(this.#camera, this.#size, steppedZoom(this.#camera.zoom, 1)));
  }

  zoomOut(): void {
    this.setCamera(zoomAtCentre(this.#camera, this.#size, steppedZoom(this.#camera.zoom, -1)));
  }

  resetZoom(): void {
    this.setCamera(zoomAtCentre(this.#camera, this.#size, 1));
  }

  /** Shows `box` whole; null (an empty board) goes back to the origin at 100%. */
  fit(box: Box | null): void {
    if (!box) this.setCamera({ x: this.#size.width / 2, y: this.#size.height / 2, zoom: 1 });
    else this.setCamera(fitBox(box, this.#size));
  }

  /**
   * First view of a board whose content is not where the camera looks: the
   * whole content when it fits at a readable zoom, else 100% around the
   * element nearest the content's centre (never thousands of tiny elements at once).
   */
  frameContent(bounds: Box | null, nearest: (point: Point) => Box | null): void {
    if (!bounds) return;
    const fitted = fitBox(bounds, this.#size);
    if (fitted.zoom >= MIN_FIRST_VIEW_ZOOM) {
      this.setCamera(fitted);
      return;
    }
    const target = nearest({ x: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2 });
    if (!target) return;
    this.setCamera({ ...this.#camera, zoom: 1 });
    this.centreOn({ x: (target.minX + target.maxX) / 2, y: (target.minY + target.maxY) / 2 });
  }

  /** Brings a world point to the centre without changing the zoom. */
  centreOn(point: Point): void {
    const z = this.#camera.zoom;
    this.setCamera({ x: this.#size.width / 2 - point.x * z, y: this.#size.height / 2 - point.y * z, zoom: z });
  }

  destroy(): void {
    if (this.#idleCommit !== null) clearTimeout(this.#idleCommit);
    this.#listeners.clear();
  }

  #commit(): void {
    if (this.#idleCommit !== null) {
      clearTimeout(this.#idleCommit);
      this.#idleCommit = null;
    }
    this.#committed = this.#camera;
  }

  /** When panning pauses, repaint once at the final camera so the next pan has the whole overscan again. */
  #scheduleIdleCommit(): void {
    if (this.#idleCommit !== null) clearTimeout(this.#idleCommit);
    this.#idleCommit = setTimeout(() => {
      this.#idleCommit = null;
      this.#committed = this.#camera;
    }, IDLE_COMMIT_MS);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
