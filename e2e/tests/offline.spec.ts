import { expect, test, type APIRequestContext, type Page, type WebSocketRoute } from '@playwright/test';
import { openAs } from './helpers/people.js';

/**
 * Sync state and offline work: the status pill in each state, edits kept in
 * IndexedDB while offline (and through a reload), merged when the
 * connection returns; reconnects after a server-side close; refusals.
 */

async function newBoard(request: APIRequestContext): Promise<{ id: string; viewId: string }> {
  const response = await request.post('/api/rooms', { data: { title: 'Offline test' } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; viewId: string };
}

const syncStatus = (page: Page) =>
  page.getByRole('status').filter({ hasText: /Saved|Saving|Connecting|Reconnecting|Offline|Up to date|board|refused/ });
const canvas = (page: Page) => page.getByRole('application', { name: 'Board canvas' });
const stickies = (page: Page) => page.locator('g[data-element-type="sticky"]');

/** Places a sticky note at `position` (canvas pixels) and types `text` into it. */
async function addSticky(page: Page, position: { x: number; y: number }, text: string): Promise<void> {
  const before = await stickies(page).count();
  await page.getByRole('button', { name: 'Sticky note', exact: true }).click();
  await canvas(page).click({ position });
  await expect(stickies(page)).toHaveCount(before + 1);
  const editorBox = page.getByRole('textbox', { name: 'Sticky note text' });
  await expect(editorBox).toBeFocused();
  await editorBox.pressSequentially(text);
  await editorBox.press('Escape');
  await expect(stickies(page).filter({ hasText: text })).toHaveCount(1);
}

/** The id of the sticky note whose text is `text`. */
async function stickyWithText(page: Page, text: string): Promise<string> {
  const note = stickies(page).filter({ hasText: text });
  await expect(note).toHaveCount(1);
  return (await note.getAttribute('data-element-id'))!;
}

test('edits made offline are kept through a reload and merge when the connection returns', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  const bob = await openAs(browser, 'Bob');
  await alice.goto(`/b/${room.id}`);
  await bob.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await expect(syncStatus(bob)).toHaveText('Saved');
  await alice.locator('header').screenshot({ path: testInfo.outputPath('status-saved.png') });

  // The offline shell must be installed before the network goes (it caches the page for the offline reload).
  await alice.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  await alice.context().setOffline(true);
  await expect(syncStatus(alice)).toHaveText('Offline');
  await alice.locator('header').screenshot({ path: testInfo.outputPath('status-offline.png') });

  // Alice works offline; Bob works online meanwhile.
  await addSticky(alice, { x: 300, y: 250 }, 'Written offline');
  await expect(syncStatus(alice)).toHaveText(/^Offline · \d+ unsaved changes?$/);
  const offlineLabel = (await syncStatus(alice).textContent())!.trim();
  const unsaved = Number(/(\d+) unsaved/.exec(offlineLabel)?.[1]);
  expect(unsaved).toBeGreaterThanOrEqual(1);
  await alice.locator('header').screenshot({ path: testInfo.outputPath('status-offline-unsaved.png') });
  await addSticky(bob, { x: 700, y: 450 }, 'Written online');
  await expect(syncStatus(bob)).toHaveText('Saved');
  await expect(stickies(bob).filter({ hasText: 'Written offline' })).toHaveCount(0);

  // A reload while offline still shows the board and Alice's edit (from IndexedDB), and still counts it unsaved.
  await alice.reload();
  await expect(stickies(alice).filter({ hasText: 'Written offline' })).toHaveCount(1);
  await expect(syncStatus(alice)).toHaveText(offlineLabel);
  await alice.screenshot({ path: testInfo.outputPath('offline-after-reload.png') });

  // Back online: the edits merge both ways and both pages say "Saved".
  await alice.context().setOffline(false);
  await expect(syncStatus(alice)).toHaveText('Saved', { timeout: 20_000 });
  await expect(stickies(bob).filter({ hasText: 'Written offline' })).toHaveCount(1);
  await expect(stickies(alice).filter({ hasText: 'Written online' })).toHaveCount(1);
  await expect(syncStatus(bob)).toHaveText('Saved');
  const offlineNoteOnAlice = await stickyWithText(alice, 'Written offline');
  expect(await stickyWithText(bob, 'Written offline')).toBe(offlineNoteOnAlice);
  await expect(stickies(alice)).toHaveCount(2);
  await expect(stickies(bob)).toHaveCount(2);

  // And it is on the server for good: a third, fresh browser gets both.
  const carol = await openAs(browser, 'Carol');
  await carol.goto(`/v/${room.viewId}`);
  await expect(stickies(carol)).toHaveCount(2);
  await expect(stickies(carol).filter({ hasText: 'Written offline' })).toHaveCount(1);

  for (const page of [alice, bob, carol]) await page.context().close();
});

test('a dropped connection shows "Reconnecting…" and comes back by itself', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  // Pass the board's WebSocket through, keeping a handle to drop it the way a restarting server would.
  const sockets: WebSocketRoute[] = [];
  await alice.routeWebSocket(/\/yjs\//, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  await alice.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  expect(sockets).toHaveLength(1);

  // Every later attempt is refused for now (the "server" is still down).
  await alice.routeWebSocket(/\/yjs\//, (ws) => {
    sockets.push(ws);
    void ws.close({ code: 1013, reason: 'try again later' });
  });
  await sockets[0]!.close({ code: 1012, reason: 'server restarting' });
  await expect(syncStatus(alice)).toHaveText(/^Reconnecting…/);
  await alice.locator('header').screenshot({ path: testInfo.outputPath('status-reconnecting.png') });
  // Edits while disconnected are counted.
  await addSticky(alice, { x: 400, y: 300 }, 'During the outage');
  await expect(syncStatus(alice)).toHaveText(/^Reconnecting… · \d+ unsaved changes?$/);
  await alice.locator('header').screenshot({ path: testInfo.outputPath('status-reconnecting-unsaved.png') });
  await expect.poll(() => sockets.length, { timeout: 20_000 }).toBeGreaterThan(2);

  // The server is back: the next attempt connects and the work is saved. "Retry now" skips the wait.
  await alice.routeWebSocket(/\/yjs\//, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  await alice.getByRole('button', { name: 'Retry now' }).click();
  await expect(syncStatus(alice)).toHaveText('Saved');

  const bob = await openAs(browser, 'Bob');
  await bob.goto(`/b/${room.id}`);
  await expect(stickies(bob).filter({ hasText: 'During the outage' })).toHaveCount(1);
  for (const page of [alice, bob]) await page.context().close();
});

test('a board that does not exist says so and stops trying', async ({ browser }, testInfo) => {
  const page = await openAs(browser, 'Alice');
  // Page timers under test control: "no retry" is checked by running a minute of them, not by waiting one.
  await page.clock.install();
  let attempts = 0;
  page.on('websocket', (ws) => {
    if (ws.url().includes('/yjs/')) attempts += 1;
  });
  await page.goto('/b/NoSuchBoardNoSuchBoardNoSuch');
  await expect(syncStatus(page)).toHaveText('This board does not exist.');
  await page.locator('header').screenshot({ path: testInfo.outputPath('status-refused.png') });
  // No retry button, and no further attempt even after a minute of the page's timers.
  await expect(page.getByRole('button', { name: 'Retry now' })).toHaveCount(0);
  await page.clock.runFor(60_000);
  await page.evaluate(() => fetch('/healthz').then((response) => response.ok));
  expect(attempts).toBe(1);
  await expect(syncStatus(page)).toHaveText('This board does not exist.');
  await page.context().close();
});
