import { boxContains, boxesIntersect, type Box } from '@idea-board/shared';
import type { ElementChange } from './elementIndex';

/** How far beyond the visible box elements stay mounted, as a fraction of its size on each side. */
export const CULL_MARGIN = 0.5;

/**
 * How far (a fraction of the view's size) the view may pan from where the list was
 * last computed before it is computed again. Small steps keep each recomputation's
 * mounts and unmounts small: waiting until the view left the padded box swapped
 * about half of the mounted elements in one frame, 100 ms and more when zoomed out
 * over a full board. Zooming out still waits for the padded box: its growing view
 * would otherwise recompute the whole list nearly every frame of a zoom.
 */
export const REQUERY_STEP = 1 / 8;

function area(box: Box): number {
  return Math.max(0, box.maxX - box.minX) * Math.max(0, box.maxY - box.minY);
}

/** Whether the centre of `view` is more than `step` of `from`'s size away from `from`'s centre, on either axis. */
function panned(from: Box, view: Box, step: number): boolean {
  const dx = Math.abs(view.minX + view.maxX - from.minX - from.maxX) / 2;
  const dy = Math.abs(view.minY + view.maxY - from.minY - from.maxY) / 2;
  return dx > (from.maxX - from.minX) * step || dy > (from.maxY - from.minY) * step;
}

/** The visible box grown by `margin` of its width and height on every side. */
export function paddedBox(view: Box, margin = CULL_MARGIN): Box {
  const padX = (view.maxX - view.minX) * margin;
  const padY = (view.maxY - view.minY) * margin;
  return { minX: view.minX - padX, minY: view.minY - padY, maxX: view.maxX + padX, maxY: view.maxY + padY };
}

/**
 * Decides when the list of mounted elements must be recomputed, so panning
 * and zooming only transform the viewport most frames: the list covers a
 * padded query box and is recomputed when the view has panned by REQUERY_STEP
 * from where it was computed, when it leaves the box (zoomed out), when it
 * became much smaller than the box (zoomed in), or when an element change
 * affects membership or order.
 */
export class Culler {
  #query: Box | null = null;
  /** The view the query was computed for. */
  #queried: Box | null = null;
  readonly #mounted = new Set<string>();

  get query(): Box | null {
    return this.#query;
  }

  /** Whether the list must be recomputed for this visible box. */
  viewNeedsRequery(view: Box): boolean {
    const query = this.#query;
    const queried = this.#queried;
    if (!query || !queried) return true;
    if (!boxContains(query, view)) return true;
    if (panned(queried, view, REQUERY_STEP)) return true;
    // Zoomed far in: the padded box holds ~4x the view's area; 16x means we mount far too much.
    return area(view) * 16 < area(query);
  }

  /** Whether any of these changes alters which elements are mounted or their order. */
  changesNeedRequery(changes: readonly ElementChange[]): boolean {
    const query = this.#query;
    if (!query) return true;
    for (const change of changes) {
      const wasMounted = this.#mounted.has(change.id);
      const nowInside = change.after !== null && boxesIntersect(query, change.after);
      if (wasMounted !== nowInside) return true;
      if (wasMounted && change.restacked) return true;
    }
    return false;
  }

  /** Records the new query box and the ids now mounted; returns the box to search. */
  requery(view: Box): Box {
    this.#query = paddedBox(view);
    this.#queried = view;
    return this.#query;
  }

  setMounted(ids: Iterable<string>): void {
    this.#mounted.clear();
    for (const id of ids) this.#mounted.add(id);
  }
}
