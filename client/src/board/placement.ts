/** Where a new sticky note goes: the next cell of a grid that fits a 1280x800 window. */

export const STICKY_SIZE = { w: 200, h: 160 } as const;
const ORIGIN = { x: 48, y: 48 };
const GAP = 32;
const COLUMNS = 4;
const ROWS = 3;
/** Each full pass over the grid shifts a little, so stacked notes stay visible. */
const PASS_OFFSET = 24;

export const STICKY_FILLS = ['#fef08a', '#fbcfe8', '#bfdbfe', '#bbf7d0', '#fed7aa'] as const;

export function stickySlot(index: number): { x: number; y: number } {
  const cell = index % (COLUMNS * ROWS);
  const pass = Math.floor(index / (COLUMNS * ROWS));
  return {
    x: ORIGIN.x + (cell % COLUMNS) * (STICKY_SIZE.w + GAP) + pass * PASS_OFFSET,
    y: ORIGIN.y + Math.floor(cell / COLUMNS) * (STICKY_SIZE.h + GAP) + pass * PASS_OFFSET,
  };
}

export function stickyFill(index: number): string {
  return STICKY_FILLS[index % STICKY_FILLS.length] ?? STICKY_FILLS[0];
}
