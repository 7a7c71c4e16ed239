import { readBoard } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import type { Camera } from '../camera/camera';
import { createTool } from '../tools/createTool';
import { testContext } from '../tools/testContext';
import type { Tool } from '../tools/tool';
import { PointerRouter, type PointerSample } from './pointerRouter';

function setup(toolId: Parameters<typeof createTool>[0] = 'pen') {
  const ctx = testContext();
  let camera: Camera = { x: 0, y: 0, zoom: 1 };
  let space = false;
  const frames: Array<() => void> = [];
  const tool: Tool = createTool(toolId);
  const router = new PointerRouter({
    tool: () => tool,
    context: () => ctx,
    camera: () => camera,
    setCamera: (next) => (camera = next),
    panBy: (dx, dy) => (camera = { ...camera, x: camera.x + dx, y: camera.y + dy }),
    spaceHeld: () => space,
    requestFrame: (callback) => frames.push(callback),
  });
  const runFrames = (): void => {
    for (const frame of frames.splice(0)) frame();
  };
  return { ctx, router, tool, runFrames, camera: () => camera, holdSpace: (held: boolean) => (space = held) };
}

let clock = 0;
function sample(id: number, x: number, y: number, extra: Partial<PointerSample> = {}): PointerSample {
  return { id, type: 'mouse', button: 0, screen: { x, y }, shiftKey: false, altKey: false, time: ++clock, ...extra };
}

describe('PointerRouter', () => {
  it('drives the tool and writes once per frame', () => {
    const { ctx, router, runFrames } = setup('pen');
    router.down(sample(1, 0, 0));
    router.move([sample(1, 5, 0), sample(1, 10, 0)]);
    router.move([sample(1, 15, 0)]);
    runFrames();
    expect(readBoard(ctx.doc)[0]).toMatchObject({ points: [0, 0, 5, 0, 10, 0, 15, 0] });
    router.up(sample(1, 15, 0));
    expect(router.mode).toBe('idle');
  });

  it('pans with the middle button and with space-drag, not touching the board', () => {
    const { ctx, router, camera, holdSpace } = setup('pen');
    router.down(sample(1, 0, 0, { button: 1 }));
    router.move([sample(1, 30, 10)]);
    router.up(sample(1, 30, 10));
    expect(camera()).toMatchObject({ x: 30, y: 10 });
    holdSpace(true);
    router.down(sample(2, 0, 0));
    router.move([sample(2, -10, 0)]);
    router.up(sample(2, -10, 0));
    expect(camera()).toMatchObject({ x: 20, y: 10 });
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });

  it('turns a second finger into a pinch and cancels the tool gesture', () => {
    const { ctx, router, tool, camera } = setup('pen');
    router.down(sample(1, 100, 100, { type: 'touch' }));
    expect(tool.state).toBe('drawing');
    router.down(sample(2, 200, 100, { type: 'touch' }));
    expect(tool.state).toBe('idle');
    expect(readBoard(ctx.doc)).toHaveLength(0);
    expect(router.mode).toBe('pinch');
    router.move([sample(2, 300, 100, { type: 'touch' })]);
    expect(camera().zoom).toBeCloseTo(2);
    router.up(sample(2, 300, 100, { type: 'touch' }));
    router.up(sample(1, 100, 100, { type: 'touch' }));
    expect(router.mode).toBe('idle');
  });

  it('ignores the secondary button', () => {
    const { ctx, router } = setup('rect');
    router.down(sample(1, 0, 0, { button: 2 }));
    router.up(sample(1, 0, 0, { button: 2 }));
    expect(readBoard(ctx.doc)).toHaveLength(0);
  });
});
