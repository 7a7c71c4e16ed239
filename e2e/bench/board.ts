// The benchmark board: a realistic mix of elements on a 100x100 grid, written through
// a stock y-websocket client with the shared board operations, then checked by a
// second, fresh client that must see every element from the server.
import { ELEMENTS_KEY, insertElements, parseElement, type ElementData, type ElementType } from '@idea-board/shared';
import { connectClient, mulberry32, type YClient } from '@idea-board/server/bench-support';
import * as Y from 'yjs';

/** World units between grid cells; 100 cells make a 24,000 x 24,000 board centred on the origin. */
export const CELL = 240;

export interface BoardInfo {
  roomId: string;
  elements: number;
  byType: Record<ElementType, number>;
  strokePoints: number;
  /** the board as one Yjs update, bytes */
  encodedBytes: number;
  /** world extent */
  width: number;
  height: number;
  columns: number;
  writeMs: number;
  /** from the end of writing until a fresh client saw every element */
  verifyMs: number;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const WORDS = (
  'idea plan launch budget review ship users onboarding pricing roadmap risk test design copy ' +
  'ask Sam Q3 goals metrics retro blockers mobile login search faster fix later maybe yes no ' +
  'interview customers demo Friday draft v2 API sync offline export share team notes'
).split(' ');
const STICKY_FILLS = ['#ffe066', '#ffc9c9', '#a5d8ff', '#b2f2bb', '#d0bfff'];
const STROKES = ['#1e1e1e', '#1971c2', '#c92a2a', '#2f7d32', '#6741d9'];
const FILLS = ['none', 'none', '#e7f5ff', '#fff9db', '#ebfbee'];

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** The element for one grid cell; the mix is by share of cells. */
function makeElement(random: () => number, x: number, y: number): ElementData {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const words = (lo: number, hi: number): string => Array.from({ length: int(lo, hi) }, () => pick(WORDS)).join(' ');
  const r = random();
  if (r < 0.25) return { type: 'sticky', x, y, w: 160, h: 160, fill: pick(STICKY_FILLS), text: words(1, 7) };
  if (r < 0.4) return { type: 'rect', x, y, w: int(60, 200), h: int(50, 160), stroke: pick(STROKES), fill: pick(FILLS), strokeWidth: 2 };
  if (r < 0.5) return { type: 'ellipse', x, y, w: int(60, 200), h: int(50, 160), stroke: pick(STROKES), fill: pick(FILLS), strokeWidth: 2 };
  if (r < 0.65) {
    const type = r < 0.57 ? 'line' : 'arrow';
    const points = [0, 0, int(60, 200), int(-80, 80)];
    if (random() < 0.3) points.push(int(60, 200), int(60, 160));
    return { type, x, y, points, stroke: pick(STROKES), strokeWidth: int(2, 4) };
  }
  if (r < 0.85) {
    // freehand: a wandering line of 20-100 points, as the pen tool writes them (2 decimals)
    const n = int(20, 100);
    const points: number[] = [];
    let px = 0;
    let py = 0;
    let angle = random() * Math.PI * 2;
    for (let i = 0; i < n; i++) {
      points.push(round2(px), round2(py));
      angle += (random() - 0.5) * 0.8;
      const step = 2 + random() * 4;
      px = Math.max(-20, Math.min(190, px + Math.cos(angle) * step));
      py = Math.max(-20, Math.min(190, py + Math.sin(angle) * step));
    }
    return { type: 'stroke', x, y, points, stroke: pick(STROKES), strokeWidth: int(2, 6) };
  }
  return { type: 'text', x, y, w: 200, h: 40, stroke: '#1e1e1e', text: words(2, 9) };
}

/** `count` elements, one per cell of a square grid centred on the origin, in row order. */
export function generateElements(count: number, seed = 20261128): { items: ElementData[]; columns: number } {
  // a fixed seed: every run builds the same board
  const random = mulberry32(seed);
  const columns = Math.ceil(Math.sqrt(count));
  const items: ElementData[] = [];
  for (let i = 0; i < count; i++) {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const x = (col - columns / 2) * CELL + Math.floor(random() * 30);
    const y = (row - columns / 2) * CELL + Math.floor(random() * 30);
    const data = makeElement(random, x, y);
    data.author = 'bench';
    items.push(data);
  }
  return { items, columns };
}

/** Counts the valid elements of a replica (as the client's reader sees them). */
export function countValid(doc: Y.Doc): number {
  let n = 0;
  doc.getMap<unknown>(ELEMENTS_KEY).forEach((value, id) => {
    if (parseElement(id, value)) n++;
  });
  return n;
}

const BATCH = 500;

/**
 * Creates a room, writes the board into it (one transaction per 500 elements, as a
 * big paste would), and waits until a fresh client sees all of it from the server.
 * Returns the board and that fresh client, still connected: it keeps the room open
 * on the server, as another participant would.
 */
export async function buildBoard(
  wsUrl: string,
  createRoom: () => Promise<string>,
  count: number,
  timeoutMs: number,
): Promise<{ info: BoardInfo; keeper: YClient }> {
  const roomId = await createRoom();
  const { items, columns } = generateElements(count);
  const writer = connectClient(wsUrl, roomId);
  let keeper: YClient | null = null;
  try {
    await waitFor('the writer to sync', () => writer.provider.synced, timeoutMs);
    const t0 = performance.now();
    const origin = { kind: 'bench-writer' };
    for (let i = 0; i < items.length; i += BATCH) insertElements(writer.doc, origin, items.slice(i, i + BATCH));
    const writeMs = performance.now() - t0;
    if (countValid(writer.doc) !== count) throw new Error(`the writer holds ${countValid(writer.doc)} valid elements, not ${count}`);

    const t1 = performance.now();
    keeper = connectClient(wsUrl, roomId);
    const k = keeper;
    await waitFor(`a fresh client to see ${count} elements`, () => k.provider.synced && countValid(k.doc) === count, timeoutMs);
    const verifyMs = performance.now() - t1;

    const byType: Record<ElementType, number> = { stroke: 0, rect: 0, ellipse: 0, line: 0, arrow: 0, text: 0, sticky: 0 };
    let strokePoints = 0;
    for (const item of items) {
      byType[item.type]++;
      if (item.type === 'stroke') strokePoints += (item.points?.length ?? 0) / 2;
    }
    return {
      info: {
        roomId,
        elements: count,
        byType,
        strokePoints,
        encodedBytes: Y.encodeStateAsUpdate(keeper.doc).length,
        width: columns * CELL,
        height: Math.ceil(count / columns) * CELL,
        columns,
        writeMs,
        verifyMs,
      },
      keeper,
    };
  } catch (err) {
    keeper?.destroy();
    throw err;
  } finally {
    writer.destroy();
  }
}
