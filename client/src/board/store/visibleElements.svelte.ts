import type { Viewport } from '../camera/viewport.svelte';
import { Culler } from './culler';
import type { ElementIndex } from './elementIndex';
import type { ElementRecord } from './elementStore.svelte';

/**
 * The records to mount: those whose bounds meet a padded view box, in drawing
 * order. Recomputed only when the view leaves that box or a change alters
 * membership or order, and at most once per animation frame; in between,
 * panning only moves the viewport transform.
 */
export class VisibleElements {
  #list = $state.raw<ElementRecord[]>([]);
  #total = $state(0);
  readonly #culler = new Culler();
  readonly #index: ElementIndex<ElementRecord>;
  readonly #viewport: Viewport;
  readonly #unsubscribe: Array<() => void>;
  #frame: number | null = null;

  constructor(index: ElementIndex<ElementRecord>, viewport: Viewport) {
    this.#index = index;
    this.#viewport = viewport;
    this.#unsubscribe = [
      index.subscribe((changes) => {
        this.#total = index.size;
        if (this.#culler.changesNeedRequery(changes)) this.#schedule();
      }),
      viewport.subscribe(() => {
        if (this.#culler.viewNeedsRequery(viewport.visibleBox())) this.#schedule();
      }),
    ];
    this.#total = index.size;
    this.update();
  }

  get list(): ElementRecord[] {
    return this.#list;
  }

  /** How many valid elements the board holds (mounted or not). */
  get total(): number {
    return this.#total;
  }

  /** Recomputes now (first render, tests); normally changes schedule this for the next frame. */
  update(): void {
    if (this.#frame !== null) {
      cancelAnimationFrame(this.#frame);
      this.#frame = null;
    }
    const query = this.#culler.requery(this.#viewport.visibleBox());
    const list = this.#index.search(query);
    this.#culler.setMounted(list.map((record) => record.id));
    this.#list = list;
  }

  destroy(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
  }

  #schedule(): void {
    if (this.#frame !== null) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = null;
      this.update();
    });
  }
}
