import type { BoardElement } from '@idea-board/shared';
import type * as Y from 'yjs';
import { ElementIndex, type ElementRecordLike } from './elementIndex';

/**
 * One element with its own reactive state: when an update touches it, only
 * the components reading this record re-render.
 */
export class ElementRecord implements ElementRecordLike {
  readonly id: string;
  element: BoardElement = $state.raw() as BoardElement;

  constructor(id: string, element: BoardElement) {
    this.id = id;
    this.element = element;
  }
}

/** The board's elements as reactive records, indexed for culling and hit tests. */
export function createElementStore(elements: Y.Map<unknown>): ElementIndex<ElementRecord> {
  return new ElementIndex(elements, (id, element) => new ElementRecord(id, element));
}
