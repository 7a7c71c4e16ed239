import { expect, test, type Page } from '@playwright/test';
import { openAs } from './helpers/people.js';

/** Opens a fresh browser context (its own storage, its own connections) whose display name is `name`. */
function syncStatus(page: Page) {
  return page.getByRole('status').filter({ hasText: /Connecting|Saving|Saved|Up to date|Reconnecting|Offline|refused/ });
}

function presenceList(page: Page) {
  return page.getByRole('list', { name: 'People here' });
}

test('a sticky note added on one board shows up live for another editor and for viewers', async ({ browser }, testInfo) => {
  const alice = await openAs(browser, 'Alice');
  const bob = await openAs(browser, 'Bob');
  const viewer = await openAs(browser, 'Vera');

  // A: create a board from the home page.
  await alice.goto('/');
  await alice.screenshot({ path: testInfo.outputPath('home.png') });
  const created = alice.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/rooms',
  );
  await alice.getByRole('button', { name: 'New board' }).click();
  const createResponse = await created;
  expect(createResponse.status()).toBe(201);
  const room = (await createResponse.json()) as { id: string; viewId: string };
  await expect(alice).toHaveURL(new RegExp(`/b/${room.id}$`));
  await expect(syncStatus(alice)).toHaveText('Saved');

  // B: the same edit link in a second context.
  await bob.goto(`/b/${room.id}`);
  await expect(syncStatus(bob)).toHaveText('Saved');
  await expect(presenceList(bob).getByText('Alice', { exact: true })).toBeVisible();
  await expect(presenceList(alice).getByText('Bob', { exact: true })).toBeVisible();

  // A picks the sticky-note tool, places a note and types into it; B sees the same element and text.
  await alice.getByRole('button', { name: 'Sticky note' }).click();
  await alice.getByRole('application', { name: 'Board canvas' }).click({ position: { x: 400, y: 300 } });
  const aliceNote = alice.locator('g[data-element-type="sticky"]');
  await expect(aliceNote).toHaveCount(1);
  const noteId = await aliceNote.getAttribute('data-element-id');
  expect(noteId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  const aliceText = alice.getByRole('textbox', { name: 'Sticky note text' });
  await expect(aliceText).toBeFocused();
  await aliceText.pressSequentially('Ship the MVP');

  const bobNote = bob.locator(`g[data-element-id="${noteId}"]`);
  await expect(bobNote).toHaveAttribute('data-element-type', 'sticky');
  await expect(bobNote).toHaveText('Ship the MVP');

  // B opens the same note (double-click) and types at its end; A's text follows.
  await bobNote.dblclick();
  const bobText = bob.getByRole('textbox', { name: 'Sticky note text' });
  await expect(bobText).toBeFocused();
  await bobText.press('Control+End');
  await bobText.pressSequentially(' today');
  await expect(aliceText).toHaveValue('Ship the MVP today');

  // The share panel offers the view link that the server handed out.
  await expect(alice.getByRole('link', { name: 'View-only link' })).toHaveAttribute('href', `/v/${room.viewId}`);

  // A viewer sees the note, is told the board is view-only, and gets no way to edit.
  await viewer.goto(`/v/${room.viewId}`);
  await expect(syncStatus(viewer)).toHaveText('Up to date');
  const viewerNote = viewer.locator(`g[data-element-id="${noteId}"]`);
  await expect(viewerNote).toHaveAttribute('data-element-type', 'sticky');
  await expect(viewerNote).toHaveText('Ship the MVP today');
  await expect(viewer.getByText('View only', { exact: true })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Sticky note' })).toHaveCount(0);
  await expect(viewer.getByRole('textbox')).toHaveCount(0);
  await expect(presenceList(viewer).getByText('Alice', { exact: true })).toBeVisible();
  // The view page must not reveal the edit id anywhere.
  expect(await viewer.content()).not.toContain(room.id);

  // Live updates reach the viewer too.
  // Control+End: the end of the text (End alone is the end of the wrapped line).
  await aliceText.press('Control+End');
  await aliceText.pressSequentially('!');
  await expect(viewerNote).toHaveText('Ship the MVP today!');

  await alice.screenshot({ path: testInfo.outputPath('board-editor.png') });
  await viewer.screenshot({ path: testInfo.outputPath('board-viewer.png') });

  for (const page of [alice, bob, viewer]) await page.context().close();
});
