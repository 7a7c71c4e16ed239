import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * A rogue client can write anything into the document. The board must draw
 * every valid element and skip the rest, live, without a single page error.
 */

function put(elements: Y.Map<unknown>, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  elements.set(id, map);
}

test('junk written by a rogue client is skipped; valid elements still render, live', async ({ page, request, baseURL }) => {
  const response = await request.post('/api/rooms', { data: { title: 'Junk' } });
  const room = (await response.json()) as { id: string };

  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseURL!.replace('http', 'ws')}/yjs`, room.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const elements = doc.getMap<unknown>('elements');
  doc.transact(() => {
    put(elements, 'valid-rect', { type: 'rect', x: 300, y: 150, w: 120, h: 80, z: 'a0', stroke: 'url(javascript:alert(1))' });
    put(elements, 'valid-note', { type: 'sticky', x: 460, y: 150, w: 200, h: 160, z: 'a1', text: new Y.Text('Still here') });
    put(elements, 'valid-stroke', { type: 'stroke', x: 300, y: 300, z: 'a2', points: Y.Array.from([0, 0, 40, 20, 80, 0]) });
    put(elements, 'nan-x', { type: 'rect', x: Number.NaN, y: 0, w: 10, h: 10 });
    put(elements, 'infinite-size', { type: 'ellipse', x: 0, y: 0, w: Number.POSITIVE_INFINITY, h: 10 });
    put(elements, 'string-x', { type: 'rect', x: '5', y: 0, w: 10, h: 10 });
    put(elements, 'unknown-type', { type: 'hexagon', x: 0, y: 0, w: 10, h: 10 });
    put(elements, 'no-fields', {});
    put(elements, 'huge-points', { type: 'stroke', x: 0, y: 0, points: Y.Array.from(new Array(100_000).fill(1)) });
    put(elements, 'odd-points', { type: 'line', x: 0, y: 0, points: Y.Array.from([1, 2, 3]) });
    put(elements, 'points-not-array', { type: 'arrow', x: 0, y: 0, points: 'M0 0' });
    put(elements, 'text-not-text', { type: 'sticky', x: 0, y: 0, w: 100, h: 100, text: 42 });
    put(elements, 'negative-size', { type: 'sticky', x: 0, y: 0, w: -100, h: 100, text: new Y.Text('no') });
    put(elements, 'z-not-string', { type: 'rect', x: 0, y: 0, w: 10, h: 10, z: { evil: true } });
    elements.set('not-a-map', 42);
    elements.set('an-array', Y.Array.from([1, 2, 3]));
    elements.set('a-text', new Y.Text('<script>alert(1)</script>'));
  });

  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => window.localStorage.setItem('idea-board:name', 'Alice'));
  await page.goto(`/b/${room.id}`);
  const drawn = page.locator('g[data-element-id]');
  await expect(drawn).toHaveCount(3);
  await expect(page.locator('g[data-element-id="valid-note"]')).toHaveText('Still here');
  // The unsafe colour was replaced by the default.
  await expect(page.locator('g[data-element-id="valid-rect"] rect')).toHaveAttribute('stroke', '#1e1e1e');

  // Live: a valid element turned into junk disappears; fixed again, it comes back; new junk changes nothing.
  const rect = elements.get('valid-rect') as Y.Map<unknown>;
  rect.set('x', 'oops');
  await expect(page.locator('g[data-element-id="valid-rect"]')).toHaveCount(0);
  rect.set('x', 320);
  await expect(page.locator('g[data-element-id="valid-rect"] rect')).toHaveAttribute('x', '320');
  put(elements, 'late-junk', { type: 'ellipse', x: 0, y: 0, w: 'wide', h: 10 });
  (((elements.get('valid-note') as Y.Map<unknown>).get('text')) as Y.Text).insert(0, 'Yes, ');
  await expect(page.locator('g[data-element-id="valid-note"]')).toHaveText('Yes, Still here');
  await expect(drawn).toHaveCount(3);

  // Selecting everything and moving it touches only valid elements, and nothing throws.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('g[data-element-id="valid-rect"] rect')).toHaveAttribute('x', '321');
  expect(errors).toEqual([]);

  provider.destroy();
  doc.destroy();
});
