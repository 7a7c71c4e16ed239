import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { openAs } from './helpers/people.js';

/**
 * Render first, hydrate after: a page opening a board with content draws it
 * from the board's preview (`GET /api/rooms/<id>/preview.json`) before its
 * live copy has synced, read-only, then switches to the live copy without
 * remounting the element nodes, and only then allows edits.
 */

const canvas = (page: Page) => page.getByRole('application', { name: 'Board canvas' });
const elements = (page: Page, type?: string) => page.locator(type ? `g[data-element-type="${type}"]` : 'g[data-element-id]');
const syncStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Saving|Connecting|Up to date/ });
const tool = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name, exact: true });
const loadingLive = (page: Page) => page.getByRole('status').filter({ hasText: 'Loading live board…' });

/**
 * Holds everything the server sends on the page's board sockets until `release()`:
 * the page's own messages (its sync request) still reach the server, so the
 * board syncs as soon as the held answer is let through.
 */
async function holdBoardSocket(page: Page): Promise<{ release: () => void }> {
  let released = false;
  const held: Array<{ route: WebSocketRoute; message: string | Buffer }> = [];
  const routes: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/yjs\//, (route) => {
    routes.push(route);
    const server = route.connectToServer();
    server.onMessage((message) => {
      if (released) route.send(message);
      else held.push({ route, message });
    });
  });
  return {
    release: () => {
      released = true;
      for (const { route, message } of held.splice(0)) route.send(message);
    },
  };
}

test('a second browser sees a board at once from its preview, read-only, and edits once the live board has synced', async ({ browser, request }, testInfo) => {
  const created = await request.post('/api/rooms', {
    data: {
      format: 'idea-board',
      version: 1,
      title: 'Preview board',
      elements: [
        { id: 'n', type: 'sticky', x: 300, y: 180, w: 200, h: 160, text: 'Seen before sync', z: 'a0' },
        { id: 'r', type: 'rect', x: 560, y: 200, w: 160, h: 100, stroke: '#1d4ed8', z: 'a1' },
        { id: 's', type: 'stroke', x: 320, y: 420, points: [0, 0, 40, 20, 80, 10, 120, 40], z: 'a2' },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const room = (await created.json()) as { id: string; viewId: string };

  const alice = await openAs(browser, 'Alice');
  await alice.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await expect(elements(alice)).toHaveCount(3);
  const ids = (await elements(alice).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-element-id')))).sort();

  // Bob's board socket is held back: whatever he sees meanwhile comes from the preview.
  const bob = await openAs(browser, 'Bob');
  const socket = await holdBoardSocket(bob);
  await bob.goto(`/b/${room.id}`);
  await expect(elements(bob)).toHaveCount(3);
  expect((await elements(bob).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-element-id')))).sort()).toEqual(ids);
  await expect(elements(bob, 'sticky')).toHaveText('Seen before sync');
  await expect(bob.getByRole('heading', { name: 'Preview board' })).toBeVisible();
  await expect(loadingLive(bob)).toBeVisible();
  await expect(syncStatus(bob)).toHaveText('Connecting…');
  await bob.screenshot({ path: testInfo.outputPath('preview-before-sync.png') });

  // Nothing can change the preview: the editing tools are there but disabled, shortcuts and clicks do nothing.
  await expect(tool(bob, 'Sticky note')).toBeDisabled();
  await expect(tool(bob, 'Pen')).toBeDisabled();
  await expect(tool(bob, 'Select')).toBeEnabled();
  await expect(bob.getByRole('button', { name: 'Paste' })).toBeDisabled();
  const note = elements(bob, 'sticky');
  await canvas(bob).click({ position: { x: 800, y: 560 } });
  await bob.keyboard.press('s');
  await canvas(bob).click({ position: { x: 800, y: 560 } });
  await note.dblclick();
  await expect(bob.getByRole('textbox', { name: 'Sticky note text' })).toHaveCount(0);
  await note.click();
  await bob.keyboard.press('Delete');
  await expect(elements(bob)).toHaveCount(3);
  // Marks every element node, to see that the switch to the live board keeps them.
  await elements(bob).evaluateAll((nodes) => nodes.forEach((node) => node.setAttribute('data-test-mark', 'preview')));

  socket.release();
  await expect(syncStatus(bob)).toHaveText('Saved');
  await expect(loadingLive(bob)).toHaveCount(0);
  await expect(tool(bob, 'Sticky note')).toBeEnabled();
  await expect(elements(bob)).toHaveCount(3);
  await expect(bob.locator('g[data-element-id][data-test-mark="preview"]')).toHaveCount(3);

  // Now it is the live board: Bob types into the note and adds one; Alice sees both.
  await note.dblclick();
  const text = bob.getByRole('textbox', { name: 'Sticky note text' });
  await expect(text).toBeFocused();
  await text.press('Control+End');
  await text.pressSequentially(', live after');
  await expect(elements(alice, 'sticky')).toHaveText('Seen before sync, live after');
  await bob.keyboard.press('Escape');
  await tool(bob, 'Sticky note').click();
  await canvas(bob).click({ position: { x: 800, y: 560 } });
  await expect(elements(alice, 'sticky')).toHaveCount(2);
  await expect(syncStatus(bob)).toHaveText('Saved');
  // Alice's board was never touched by what Bob tried before the sync.
  await expect(elements(alice)).toHaveCount(4);
});

test('a view link also shows the preview first, and a board whose live copy comes first ignores it', async ({ browser, request }) => {
  const created = await request.post('/api/rooms', {
    data: { format: 'idea-board', version: 1, title: 'Viewed', elements: [{ id: 'a', type: 'ellipse', x: 100, y: 100, w: 120, h: 80, z: 'a0' }] },
  });
  expect(created.status()).toBe(201);
  const room = (await created.json()) as { id: string; viewId: string };

  const vera = await openAs(browser, 'Vera');
  const socket = await holdBoardSocket(vera);
  await vera.goto(`/v/${room.viewId}`);
  await expect(elements(vera, 'ellipse')).toHaveCount(1);
  await expect(loadingLive(vera)).toBeVisible();
  await expect(tool(vera, 'Sticky note')).toHaveCount(0);
  socket.release();
  await expect(syncStatus(vera)).toHaveText('Up to date');
  await expect(loadingLive(vera)).toHaveCount(0);

  // The preview held back until the live board has synced: it is not used.
  const walt = await openAs(browser, 'Walt');
  let releasePreview: () => void = () => {};
  const previewHeld = new Promise<void>((resolve) => (releasePreview = resolve));
  await walt.route(/\/preview\.json(\?|$)/, async (route) => {
    await previewHeld;
    await route.continue();
  });
  await walt.goto(`/b/${room.id}`);
  await expect(syncStatus(walt)).toHaveText('Saved');
  await expect(tool(walt, 'Sticky note')).toBeEnabled();
  const previewDone = walt.waitForResponse(/\/preview\.json(\?|$)/);
  releasePreview();
  await previewDone;
  await expect(loadingLive(walt)).toHaveCount(0);
  await expect(tool(walt, 'Sticky note')).toBeEnabled();
  await expect(elements(walt)).toHaveCount(1);
});
