import { elementsMap, type BoardElement, type Box } from '@idea-board/shared';
import * as Y from 'yjs';
import { History } from '../edit/history';
import { DEFAULT_STYLE } from '../edit/styles';
import { ElementIndex } from '../store/elementIndex';
import type { ToolContext, ToolPointer } from './tool';
import type { ToolId } from './toolIds';

/** A tool context over a real Y.Doc, for unit tests of the tool state machines. */
export interface TestContext extends ToolContext {
  marquee: Box | null;
  tool: ToolId;
  editing: string | null;
  panned: { dx: number; dy: number };
  selection: Set<string>;
}

export function testContext(options: { editable?: boolean; zoom?: number } = {}): TestContext {
  const doc = new Y.Doc();
  const origin = Object.freeze({ test: true });
  const ctx: TestContext = {
    doc,
    origin,
    history: new History(elementsMap(doc), origin),
    index: new ElementIndex(elementsMap(doc), (id: string, element: BoardElement) => ({ id, element })),
    zoom: options.zoom ?? 1,
    style: { ...DEFAULT_STYLE },
    editable: options.editable ?? true,
    selection: new Set(),
    marquee: null,
    tool: 'select',
    editing: null,
    panned: { dx: 0, dy: 0 },
    setSelection(ids) {
      ctx.selection = new Set(ids);
    },
    setMarquee(box) {
      ctx.marquee = box;
    },
    panBy(dx, dy) {
      ctx.panned = { dx: ctx.panned.dx + dx, dy: ctx.panned.dy + dy };
    },
    setTool(id) {
      ctx.tool = id;
    },
    startEditing(id) {
      ctx.editing = id;
    },
  };
  return ctx;
}

let clock = 0;

/** A pointer sample at world (x, y) with zoom 1 and no camera offset. */
export function at(x: number, y: number, extra: Partial<ToolPointer> = {}): ToolPointer {
  clock += 1000;
  return { world: { x, y }, screen: { x, y }, shiftKey: false, altKey: false, time: clock, ...extra };
}
