import { localBox, unionBoxes, type Box } from '@idea-board/shared';
import type { ElementIndex, ElementRecordLike } from '../store/elementIndex';

/** The geometry box of each selected element that is still on the board (what resize maps). */
export function selectedBoxes(index: ElementIndex<ElementRecordLike>, ids: Iterable<string>): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const id of ids) {
    const record = index.get(id);
    if (record) boxes.set(id, localBox(record.element));
  }
  return boxes;
}

/** The box around the selection's geometry (without stroke padding), or null when nothing selected is left. */
export function selectionBox(index: ElementIndex<ElementRecordLike>, ids: Iterable<string>): Box | null {
  return unionBoxes([...selectedBoxes(index, ids).values()]);
}
