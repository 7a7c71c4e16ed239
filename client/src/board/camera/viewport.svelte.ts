import type { Box, Point } from '@idea-board/shared';
import {
  IDENTITY,
  cameraTransform,
  fitBox,
  panBy,
  screenToWorld,
  steppedZoom,
  visibleWorldBox,
  zoomAt,
  zoomAtCentre,
  type Camera,
  type Size,
} from './camera';

/**
 * The camera and the canvas size as runes. Changing the camera changes one
 * transform attribute; listeners (the culler) hear about every change.
 */
export class Viewport {
  #camera = $state.raw<Camera>(IDENTITY);
  #size = $state.raw<Size>({ width: 0, height: 0 });
  // Plain callbacks, not UI state: nothing renders from this set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #listeners = new Set<() => void>();

  readonly transform: string = $derived(cameraTransform(this.#camera));
  /** The zoom as a whole percentage, for the zoom control. */
  readonly percent: number = $derived(Math.round(this.#camera.zoom * 100));

  get camera(): Camera {
    return this.#camera;
  }

  get size(): Size {
    return this.#size;
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
    this.#notify();
  }

  setCamera(camera: Camera): void {
    const c = this.#camera;
    if (camera.x === c.x && camera.y === c.y && camera.zoom === c.zoom) return;
    this.#camera = camera;
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

  /** Brings a world point to the centre without changing the zoom. */
  centreOn(point: Point): void {
    const z = this.#camera.zoom;
    this.setCamera({ x: this.#size.width / 2 - point.x * z, y: this.#size.height / 2 - point.y * z, zoom: z });
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
