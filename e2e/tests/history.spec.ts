import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/**
 * Snapshots and history (issue 4): take a snapshot, change the board, view the
 * snapshot read-only, restore it (another editor sees the restore), replay and
 * scrub the timeline, fork from a past moment, export and import, and what a
 * view-only page offers.
 */

interface Room {
  id: string;
  viewId: string;
  ownerKey: string;
}

/** A fresh browser context named `name`; `ownerKeys` are put where the client keeps them (storage/ownerKeys.ts). */
async function openAs(browser: Browser, name: string, ownerKeys: Record<string, string> = {}): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(
    ({ displayName, keys }) => {
      window.localStorage.setItem('idea-board:name', displayName);
      for (const [roomId, key] of Object.entries(keys)) window.localStorage.setItem(`idea-board:owner-key:${roomId}`, key);
    },
    { displayName: name, keys: ownerKeys },
  );
  return context.newPage();
}

async function newBoard(request: APIRequestContext, title: string): Promise<Room> {
  const response = await request.post('/api/rooms', { data: { title } });
  expect(response.status()).toBe(201);
  return (await response.json()) as Room;
}

const syncStatus = (page: Page) => page.getByRole('status').filter({ hasText: /^(Saved|Saving|Connecting|Reconnecting|Offline|Up to date)/ });
const canvas = (page: Page) => page.getByRole('application', { name: 'Board canvas' });
const liveStickies = (page: Page) => canvas(page).locator('g[data-element-type="sticky"]');
const historyButton = (page: Page) => page.getByRole('button', { name: 'History', exact: true });
const historyPanel = (page: Page) => page.getByRole('complementary', { name: 'History' });
const snapshotView = (page: Page) => page.getByRole('region', { name: 'Snapshot view' });
const timelineView = (page: Page) => page.getByRole('region', { name: 'Timeline view' });
const scrubber = (page: Page) => page.getByRole('slider', { name: 'Board history' });

/** Places a sticky note at `position` (canvas pixels), types `text` and waits until it is durable. */
async function addSticky(page: Page, position: { x: number; y: number }, text: string): Promise<void> {
  const before = await liveStickies(page).count();
  await page.getByRole('button', { name: 'Sticky note', exact: true }).click();
  await canvas(page).click({ position });
  await expect(liveStickies(page)).toHaveCount(before + 1);
  const editorBox = page.getByRole('textbox', { name: 'Sticky note text' });
  await expect(editorBox).toBeFocused();
  await editorBox.pressSequentially(text);
  await editorBox.press('Escape');
  await expect(liveStickies(page).filter({ hasText: text })).toHaveCount(1);
  await expect(syncStatus(page)).toHaveText('Saved');
}

/** The timeline's frames as the client computes them: distinct change times, oldest first. */
async function changeFrames(request: APIRequestContext, roomId: string): Promise<number[]> {
  const response = await request.get(`/api/rooms/${roomId}/history`);
  expect(response.ok()).toBe(true);
  const { times } = (await response.json()) as { times: string[] };
  return [...new Set(times.map((t) => Date.parse(t)))].sort((a, b) => a - b);
}

test('a snapshot is taken, viewed read-only over the changed board, and restored for everyone', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request, 'Workshop');
  const alice = await openAs(browser, 'Alice', { [room.id]: room.ownerKey });
  const bob = await openAs(browser, 'Bob');
  await alice.goto(`/b/${room.id}`);
  await bob.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await expect(syncStatus(bob)).toHaveText('Saved');

  await addSticky(alice, { x: 300, y: 250 }, 'First idea');

  // Take a named snapshot from the history panel.
  await historyButton(alice).click();
  await expect(historyButton(alice)).toHaveAttribute('aria-expanded', 'true');
  const panel = historyPanel(alice);
  await expect(panel).toBeVisible();
  await panel.getByLabel('Snapshot name').fill('Before the vote');
  await panel.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(panel.getByRole('status')).toHaveText('Snapshot “Before the vote” taken.');
  const card = panel.getByRole('listitem').filter({ hasText: 'Before the vote' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('just now');
  await expect(card).toContainText('1 element');
  // Listed under the session going on now, with its thumbnail drawn by the server.
  await expect(panel.getByRole('region', { name: /^Current session/ }).getByText('Before the vote')).toBeVisible();
  const thumbnail = card.locator('img');
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // The board moves on.
  await addSticky(alice, { x: 650, y: 420 }, 'Second idea');
  await expect(liveStickies(bob).filter({ hasText: 'Second idea' })).toHaveCount(1);
  await alice.screenshot({ path: testInfo.outputPath('panel-open.png') });

  // Open the snapshot: the old state, read-only, over the live board.
  await card.getByRole('button', { name: 'View Before the vote' }).click();
  const view = snapshotView(alice);
  await expect(view).toBeVisible();
  await expect(view).toContainText('Viewing snapshot Before the vote');
  await expect(view.getByRole('button', { name: 'Back to live board' })).toBeFocused();
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(1);
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveText('First idea');
  await alice.screenshot({ path: testInfo.outputPath('snapshot-view.png') });

  // Back to the live board and in again: Escape closes the view too.
  await alice.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  await expect(liveStickies(alice)).toHaveCount(2);
  await expect(card.getByRole('button', { name: 'View Before the vote' })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(view).toBeVisible();

  // Restore asks first; cancelling changes nothing.
  await view.getByRole('button', { name: 'Restore this snapshot…' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Restore this snapshot?' });
  await expect(dialog).toBeVisible();
  await alice.screenshot({ path: testInfo.outputPath('restore-confirm.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(view).toBeVisible();
  await view.getByRole('button', { name: 'Restore this snapshot…' }).click();
  await dialog.getByRole('button', { name: 'Restore' }).click();

  await expect(view).toHaveCount(0);
  await expect(historyPanel(alice).getByRole('status')).toHaveText('Restored “Before the vote”.');
  await expect(liveStickies(alice)).toHaveCount(1);
  await expect(liveStickies(alice)).toHaveText('First idea');
  // The second editor receives the restore live.
  await expect(liveStickies(bob)).toHaveCount(1);
  await expect(liveStickies(bob)).toHaveText('First idea');

  // This browser holds the owner key, so it may delete the snapshot; the other editor may not.
  await historyButton(bob).click();
  const bobCard = historyPanel(bob).getByRole('listitem').filter({ hasText: 'Before the vote' });
  await expect(bobCard.getByRole('button', { name: 'Restore Before the vote' })).toBeVisible();
  await expect(bobCard.getByRole('button', { name: 'Delete Before the vote' })).toHaveCount(0);
  await card.getByRole('button', { name: 'Delete Before the vote' }).click();
  await alice.getByRole('dialog', { name: 'Delete this snapshot?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(card).toHaveCount(0);
  const listed = await request.get(`/api/rooms/${room.id}/snapshots`);
  expect(((await listed.json()) as unknown[]).length).toBe(0);

  for (const page of [alice, bob]) await page.context().close();
});

test('the timeline replays the board, shows it at an early moment, and forks from there', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request, 'Timeline');
  const alice = await openAs(browser, 'Alice');
  await alice.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');

  await addSticky(alice, { x: 300, y: 250 }, 'Early note');
  const early = Date.now();
  await expect.poll(() => Date.now()).toBeGreaterThan(early);
  await addSticky(alice, { x: 650, y: 420 }, 'Late note');

  await historyButton(alice).click();
  await historyPanel(alice).getByRole('button', { name: 'Open timeline' }).click();
  const view = timelineView(alice);
  await expect(view).toBeVisible();
  const slider = scrubber(alice);
  await expect(slider).toBeFocused();
  const frames = await changeFrames(request, room.id);
  await expect(slider).toHaveAttribute('max', String(frames.length - 1));
  // It opens at the latest change: the board as it is.
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(2);

  // Scrub to the moment between the two notes.
  const earlyIndex = frames.findLastIndex((t) => t <= early);
  expect(earlyIndex).toBeGreaterThan(0);
  await slider.fill(String(earlyIndex));
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(1);
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveText('Early note');
  await expect(view).toContainText('Viewing the board at');
  await expect(view).toContainText(`change ${earlyIndex + 1} of ${frames.length}`);
  await alice.screenshot({ path: testInfo.outputPath('timeline-early.png') });

  // Home: the very first change, the board as it was created (empty).
  await slider.press('Home');
  await expect(view).toContainText(`change 1 of ${frames.length}`);
  await expect(view.getByText('The board was empty at this point.')).toBeVisible();
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(0);
  await expect(slider).toBeFocused();
  await view.getByRole('group', { name: 'Timeline' }).screenshot({ path: testInfo.outputPath('timeline-controls-focused.png') });

  // Play replays every change up to now, then stops.
  await view.getByRole('button', { name: 'Play replay' }).click();
  await expect(view.getByRole('button', { name: 'Pause replay' })).toBeVisible();
  await expect(view.locator('g[data-element-type="sticky"]').filter({ hasText: 'Early note' })).toHaveCount(1);
  await expect(view.getByRole('button', { name: 'Play replay' })).toBeVisible({ timeout: 30_000 });
  await expect(slider).toHaveValue(String(frames.length - 1));
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(2);

  // The live board was never touched by any of this.
  await view.getByRole('button', { name: 'Back to live board' }).click();
  await expect(liveStickies(alice)).toHaveCount(2);

  // Fork from the early moment: a new board holding only the early note opens.
  await historyPanel(alice).getByRole('button', { name: 'Open timeline' }).click();
  await scrubber(alice).fill(String(earlyIndex));
  await expect(view.locator('g[data-element-type="sticky"]')).toHaveCount(1);
  await view.getByRole('button', { name: 'Fork into a new board' }).click();
  await expect(alice).not.toHaveURL(new RegExp(`/b/${room.id}$`));
  await expect(alice).toHaveURL(/\/b\/[A-Za-z0-9_-]{16,64}$/);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await expect(liveStickies(alice)).toHaveCount(1);
  await expect(liveStickies(alice)).toHaveText('Early note');
  const forkId = new URL(alice.url()).pathname.split('/').pop()!;
  const ownerKey = await alice.evaluate((id) => window.localStorage.getItem(`idea-board:owner-key:${id}`), forkId);
  expect(ownerKey).toBeTruthy();

  await alice.context().close();
});

test('export as JSON, SVG and PNG, import the JSON into a new board, and see why a bad file is refused', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request, 'Export me');
  const alice = await openAs(browser, 'Alice');
  await alice.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await addSticky(alice, { x: 300, y: 250 }, 'Keep this');

  async function exportAs(item: string) {
    const exportButton = alice.getByRole('button', { name: 'Export', exact: true });
    await exportButton.click();
    const menu = alice.getByRole('menu', { name: 'Export and import' });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    const download = alice.waitForEvent('download');
    await menu.getByRole('menuitem', { name: item }).click();
    return download;
  }

  const json = await exportAs('Export as JSON (re-importable)');
  expect(json.suggestedFilename()).toBe('Export me.json');
  const jsonPath = testInfo.outputPath('board.json');
  await json.saveAs(jsonPath);
  const exported = JSON.parse(await readFile(jsonPath, 'utf8')) as { format: string; version: number; elements: Array<{ type: string; text?: string }> };
  expect(exported).toMatchObject({ format: 'idea-board', version: 1, title: 'Export me' });
  expect(exported.elements).toMatchObject([{ type: 'sticky', text: 'Keep this' }]);

  const svg = await exportAs('Export as SVG drawing');
  expect(svg.suggestedFilename()).toBe('Export me.svg');
  const svgText = await readFile((await svg.path())!, 'utf8');
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('data-element-type="sticky"');

  const png = await exportAs('Export as PNG image');
  expect(png.suggestedFilename()).toBe('Export me.png');
  const pngBytes = await readFile((await png.path())!);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(100); // width from the IHDR chunk

  // Keyboard: the menu opens with ArrowDown and closes with Escape, focus back on its button.
  const exportButton = alice.getByRole('button', { name: 'Export', exact: true });
  await exportButton.focus();
  await alice.keyboard.press('ArrowDown');
  await expect(alice.getByRole('menuitem', { name: 'Export as PNG image' })).toBeFocused();
  await alice.keyboard.press('ArrowUp');
  await expect(alice.getByRole('menuitem', { name: 'Import JSON into a new board…' })).toBeFocused();
  await alice.keyboard.press('Escape');
  await expect(alice.getByRole('menu')).toHaveCount(0);
  await expect(exportButton).toBeFocused();

  // A file the server refuses: its message is shown, nothing is opened.
  await exportButton.click();
  let chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('menuitem', { name: 'Import JSON into a new board…' }).click();
  await (await chooser).setFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'idea-board', version: 99, elements: [] })) });
  await expect(alice.getByRole('alert')).toContainText('Import failed: invalid import: unsupported "version" 99');
  await alice.screenshot({ path: testInfo.outputPath('import-error.png') });
  await expect(alice).toHaveURL(new RegExp(`/b/${room.id}$`));
  await alice.getByRole('button', { name: 'Dismiss the error' }).click();

  // The exported file makes a new board with the same content.
  await exportButton.click();
  chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('menuitem', { name: 'Import JSON into a new board…' }).click();
  await (await chooser).setFiles(jsonPath);
  await expect(alice).not.toHaveURL(new RegExp(`/b/${room.id}$`));
  await expect(alice).toHaveURL(/\/b\/[A-Za-z0-9_-]{16,64}$/);
  await expect(liveStickies(alice)).toHaveCount(1);
  await expect(liveStickies(alice)).toHaveText('Keep this');

  await alice.context().close();
});

test('a view-only page shows snapshots, the timeline and exports, but no way to change the board', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request, 'Read only');
  const alice = await openAs(browser, 'Alice');
  await alice.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await addSticky(alice, { x: 300, y: 250 }, 'Look only');
  const created = await request.post(`/api/rooms/${room.id}/snapshots`, { data: { name: 'Shared view' } });
  expect(created.status()).toBe(201);

  // Even with the owner key in this browser, a view link offers no restore or delete.
  const viewer = await openAs(browser, 'Vera', { [room.viewId]: room.ownerKey });
  await viewer.goto(`/v/${room.viewId}`);
  await expect(syncStatus(viewer)).toHaveText('Up to date');
  await historyButton(viewer).click();
  const panel = historyPanel(viewer);
  const card = panel.getByRole('listitem').filter({ hasText: 'Shared view' });
  await expect(card).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Take snapshot' })).toHaveCount(0);
  await expect(panel.getByLabel('Snapshot name')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Restore Shared view' })).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Delete Shared view' })).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Fork Shared view' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Export', exact: true })).toBeVisible();

  await card.getByRole('button', { name: 'View Shared view' }).click();
  await expect(snapshotView(viewer).locator('g[data-element-type="sticky"]')).toHaveText('Look only');
  await expect(snapshotView(viewer).getByRole('button', { name: /^Restore/ })).toHaveCount(0);
  await viewer.screenshot({ path: testInfo.outputPath('viewer-snapshot.png') });

  await panel.getByRole('button', { name: 'Open timeline' }).click();
  await expect(timelineView(viewer)).toBeVisible();
  await expect(scrubber(viewer)).toBeEnabled();
  await expect(timelineView(viewer).getByRole('button', { name: /^Restore/ })).toHaveCount(0);
  await expect(timelineView(viewer).getByRole('button', { name: 'Fork into a new board' })).toBeVisible();
  // The view page never shows the edit id.
  expect(await viewer.content()).not.toContain(room.id);

  for (const page of [alice, viewer]) await page.context().close();
});
