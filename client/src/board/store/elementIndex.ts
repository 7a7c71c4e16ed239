import {
  boxContains,
  compareStacking,
  elementBounds,
  hitTest,
  parseElement,
  unionBoxes,
  type BoardElement,
  type Box,
  type Point,
} from '@idea-board/shared';
import RBush from 'rbush';
import type * as Y from 'yjs';
import { adoptUnchanged } from './sameElement';
import { touchedElementIds } from './touchedElements';

/** One drawable element as the board holds it; the renderer's reactive wrapper implements this. */
export interface ElementRecordLike {
  readonly id: string;
  element: BoardElement;
}

/** What one refresh did to one element, for the culler to decide whether the visible list changed. */
export interface ElementChange {
  id: string;
  /** Bounds before and after; null when absent (added, removed, or invalid). */
  before: Box | null;
  after: Box | null;
  /** True when the stacking key changed (so the drawing order may have). */
  restacked: boolean;
}

interface IndexItem extends Box {
  id: string;
}

/** Batches larger than this rebuild the spatial index in one bulk load instead of item by item. */
const BULK_THRESHOLD = 500;

/**
 * The board's valid elements, kept in step with the `elements` Y.Map: each
 * element parsed by the shared reader (malformed ones are absent), an rbush
 * index of their painted bounds, and hit queries. An update re-parses only
 * the elements it touched and reports what changed to `onChange`.
 *
 * Records are made by `makeRecord`, so the UI layer can make them reactive
 * while this class stays plain (and testable without a DOM).
 *
 * Before the document has anything, the index can hold a preview instead
 * (`showPreview`: the board as the server last drew it, read-only); `goLive`
 * then hands over to the document, keeping every record whose element did not
 * change, so the nodes drawn for the preview stay as they are.
 */
export class ElementIndex<R extends ElementRecordLike> {
  readonly #elements: Y.Map<unknown>;
  readonly #makeRecord: (id: string, element: BoardElement) => R;
  readonly #records = new Map<string, R>();
  readonly #items = new Map<string, IndexItem>();
  readonly #tree = new RBush<IndexItem>();
  readonly #listeners = new Set<(changes: ElementChange[]) => void>();
  /** Ids shown from a preview, until `goLive`; document changes wait meanwhile. */
  #preview: Set<string> | null = null;
  /** A preview is shown at most once, and never after the document had elements. */
  #previewSpent = false;

  constructor(elements: Y.Map<unknown>, makeRecord: (id: string, element: BoardElement) => R) {
    this.#elements = elements;
    this.#makeRecord = makeRecord;
    this.#refresh(new Set(elements.keys()));
    elements.observeDeep(this.#onDeepChange);
  }

  destroy(): void {
    this.#elements.unobserveDeep(this.#onDeepChange);
    this.#listeners.clear();
  }

  /** True while the records are a preview, not the document (nothing may be edited). */
  get previewing(): boolean {
    return this.#preview !== null;
  }

  /**
   * Shows `elements` (already validated, e.g. by `readExportedBoard`) until
   * the document takes over with `goLive`. Refused (false) once the document
   * has valid elements or a preview was shown before: a preview never covers
   * live content. While it is shown, changes to the document are not indexed.
   */
  showPreview(elements: readonly BoardElement[]): boolean {
    if (this.#previewSpent || this.#records.size > 0) return false;
    this.#previewSpent = true;
    const preview = new Set<string>();
    const changes: ElementChange[] = [];
    for (const element of elements) {
      if (preview.has(element.id)) continue;
      preview.add(element.id);
      const box = elementBounds(element);
      const item: IndexItem = { id: element.id, minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY };
      this.#items.set(element.id, item);
      this.#records.set(element.id, this.#makeRecord(element.id, element));
      changes.push({ id: element.id, before: null, after: item, restacked: true });
    }
    this.#preview = preview;
    this.#tree.load([...this.#items.values()]);
    if (changes.length > 0) for (const listener of this.#listeners) listener(changes);
    return true;
  }

  /**
   * Hands over from the preview to the document: every id of either is read
   * from the document again. An element the document holds unchanged keeps its
   * record (no change is reported, nothing re-renders); changed ones update,
   * missing ones go, new ones come. No-op when no preview is shown.
   */
  goLive(): void {
    const preview = this.#preview;
    if (!preview) return;
    this.#preview = null;
    for (const id of this.#elements.keys()) preview.add(id);
    this.#refresh(preview, true);
  }

  get size(): number {
    return this.#records.size;
  }

  get(id: string): R | undefined {
    return this.#records.get(id);
  }

  records(): IterableIterator<R> {
    return this.#records.values();
  }

  bounds(id: string): Box | null {
    return this.#items.get(id) ?? null;
  }

  /** Called after every refresh with what changed; returns the unsubscribe function. */
  subscribe(listener: (changes: ElementChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records whose painted bounds intersect `box`, in drawing order. */
  search(box: Box): R[] {
    const out: R[] = [];
    for (const item of this.#tree.search(box)) {
      const record = this.#records.get(item.id);
      if (record) out.push(record);
    }
    return out.sort((a, b) => compareStacking(a.element, b.element));
  }

  /** Ids of elements whose painted bounds lie wholly inside `box` (marquee selection). */
  idsInside(box: Box): string[] {
    return this.#tree
      .search(box)
      .filter((item) => boxContains(box, item))
      .map((item) => item.id);
  }

  /** The topmost element under a world point, within `tolerance` world units. */
  topmostAt(point: Point, tolerance: number): R | null {
    const near = this.search({ minX: point.x - tolerance, minY: point.y - tolerance, maxX: point.x + tolerance, maxY: point.y + tolerance });
    for (let i = near.length - 1; i >= 0; i--) {
      const record = near[i]!;
      if (hitTest(record.element, point, tolerance)) return record;
    }
    return null;
  }

  /** Every element touched by a world point within `tolerance` (eraser). */
  allAt(point: Point, tolerance: number): R[] {
    const near = this.search({ minX: point.x - tolerance, minY: point.y - tolerance, maxX: point.x + tolerance, maxY: point.y + tolerance });
    return near.filter((record) => hitTest(record.element, point, tolerance));
  }

  /** Bounds of some element near `point` (searching outwards), or null on an empty board. */
  nearestBounds(point: Point): Box | null {
    if (this.#items.size === 0) return null;
    for (let radius = 256; ; radius *= 2) {
      const found = this.#tree.search({ minX: point.x - radius, minY: point.y - radius, maxX: point.x + radius, maxY: point.y + radius });
      if (found.length > 0) {
        let best = found[0]!;
        let bestDistance = Infinity;
        for (const item of found) {
          const distance = Math.hypot((item.minX + item.maxX) / 2 - point.x, (item.minY + item.maxY) / 2 - point.y);
          if (distance < bestDistance) {
            best = item;
            bestDistance = distance;
          }
        }
        return best;
      }
      if (radius > 1e8) return null;
    }
  }

  /** The union of all painted bounds, or of the given ids'; null when empty. */
  unionBounds(ids?: Iterable<string>): Box | null {
    if (!ids) return unionBoxes([...this.#items.values()]);
    const boxes: Box[] = [];
    for (const id of ids) {
      const item = this.#items.get(id);
      if (item) boxes.push(item);
    }
    return unionBoxes(boxes);
  }

  #onDeepChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    // Something arrived: no preview may cover the document from now on.
    this.#previewSpent = true;
    // goLive reads every element of the document.
    if (this.#preview) return;
    this.#refresh(touchedElementIds(this.#elements, events));
  };

  /** Re-reads `ids` from the document; `keepUnchanged`: a record whose element is unchanged is left alone (the preview hand-over). */
  #refresh(ids: Set<string>, keepUnchanged = false): void {
    if (ids.size === 0) return;
    const bulk = ids.size > BULK_THRESHOLD;
    const changes: ElementChange[] = [];
    for (const id of ids) {
      const element = parseElement(id, this.#elements.get(id));
      const record = this.#records.get(id);
      const oldItem = this.#items.get(id) ?? null;
      if (!bulk && oldItem) this.#tree.remove(oldItem);
      if (!element) {
        if (record) {
          this.#records.delete(id);
          this.#items.delete(id);
          changes.push({ id, before: oldItem, after: null, restacked: true });
        }
        continue;
      }
      const box = elementBounds(element);
      const item: IndexItem = { id, minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY };
      this.#items.set(id, item);
      if (!bulk) this.#tree.insert(item);
      if (record && keepUnchanged && adoptUnchanged(record, element)) continue;
      if (record) {
        const restacked = record.element.z !== element.z;
        record.element = element;
        changes.push({ id, before: oldItem, after: item, restacked });
      } else {
        this.#records.set(id, this.#makeRecord(id, element));
        changes.push({ id, before: null, after: item, restacked: true });
      }
    }
    if (bulk) {
      this.#tree.clear();
      this.#tree.load([...this.#items.values()]);
    }
    if (changes.length === 0) return;
    for (const listener of this.#listeners) listener(changes);
  }
}
