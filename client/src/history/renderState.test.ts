import { createElement, setTitle } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pngSize } from './download';
import { fileNameFor, liveBoardSvg, renderState } from './renderState';

describe('renderState', () => {
  it('draws a past board with the shared renderer, one group per element', () => {
    const doc = new Y.Doc();
    setTitle(doc, null, 'Retro');
    createElement(doc, null, { type: 'sticky', x: 0, y: 0, w: 200, h: 200, fill: '#ffe066', text: 'Ship <it>' }, 'note-aaaaaaaaaaaaaaaa');
    const rendered = renderState(Y.encodeStateAsUpdate(doc));
    expect(rendered.title).toBe('Retro');
    expect(rendered.elementCount).toBe(1);
    expect(rendered.svg).toContain('data-element-id="note-aaaaaaaaaaaaaaaa"');
    expect(rendered.svg).toContain('Ship &lt;it&gt;');
    // The sticky (200 x 200, plus its outline) and 48 units of padding on each side.
    expect(rendered.width).toBeGreaterThanOrEqual(296);
    expect(rendered.width).toBeLessThan(310);
    expect(rendered.height).toBe(rendered.width);
    expect(liveBoardSvg(doc)).toContain('data-element-type="sticky"');
  });

  it('draws an empty board', () => {
    expect(renderState(Y.encodeStateAsUpdate(new Y.Doc())).elementCount).toBe(0);
  });

  it('keeps a given frame (a replay stays still) and grows it to hold every element', () => {
    const doc = new Y.Doc();
    createElement(doc, null, { type: 'rect', x: 0, y: 0, w: 100, h: 100 }, 'rect-aaaaaaaaaaaaaaaa');
    const state = Y.encodeStateAsUpdate(doc);
    const wide = { minX: -1000, minY: -500, maxX: 1000, maxY: 500 };
    const inside = renderState(state, wide);
    expect(inside.frame).toEqual(wide);
    expect(inside.svg).toContain('viewBox="-1048 -548 2096 1096"');
    const grown = renderState(state, { minX: 50, minY: 50, maxX: 60, maxY: 60 });
    expect(grown.frame.minX).toBeLessThanOrEqual(0);
    expect(grown.frame.maxX).toBeGreaterThanOrEqual(100);
  });
});

describe('file names and PNG size', () => {
  it('names files after the board, without characters file systems refuse', () => {
    expect(fileNameFor('Team retro', 'png')).toBe('Team retro.png');
    expect(fileNameFor('a/b:c?', 'svg')).toBe('a b c.svg');
    expect(fileNameFor('  ', 'json')).toBe('board.json');
    expect(fileNameFor('..hidden', 'json')).toBe('hidden.json');
    expect(fileNameFor('Idées 会议', 'json')).toBe('Idées 会议.json');
  });

  it('scales a PNG up for sharpness but within what a canvas can hold', () => {
    expect(pngSize(400, 300, 2)).toEqual({ width: 800, height: 600 });
    const huge = pngSize(20_000, 1_000, 2);
    expect(huge.width).toBeLessThanOrEqual(8192);
    const big = pngSize(8000, 8000, 2);
    expect(big.width * big.height).toBeLessThanOrEqual(8192 * 8192 * 0.5);
  });
});
