import { SvelteMap } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { parseElement, type ElementView } from './elementModel';
import { touchedElementIds } from './touchedElements';
import { compareStacking } from './zOrder';

/**
 * Plain, validated views of the board's elements, kept in step with the
 * `elements` Y.Map. An update re-parses only the elements it touched, and each
 * view is a fresh object only when its element changed, so a keyed `#each`
 * re-renders just those.
 */
export class ElementStore {
  readonly #elements: Y.Map<unknown>;
  readonly #views = new SvelteMap<string, ElementView>();

  /** Drawable elements in stacking order (ascending `z`, ties by id). */
  readonly ordered: ElementView[] = $derived([...this.#views.values()].sort(compareStacking));

  /** The highest `z` among drawable elements, or null on an empty board. */
  readonly topZ: string | null = $derived(this.ordered.at(-1)?.z ?? null);

  constructor(elements: Y.Map<unknown>) {
    this.#elements = elements;
    for (const id of elements.keys()) this.#refresh(id);
    elements.observeDeep(this.#onChange);
  }

  destroy(): void {
    this.#elements.unobserveDeep(this.#onChange);
  }

  #onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    for (const id of touchedElementIds(this.#elements, events)) this.#refresh(id);
  };

  #refresh(id: string): void {
    const view = parseElement(id, this.#elements.get(id));
    if (view) this.#views.set(id, view);
    else this.#views.delete(id);
  }
}
