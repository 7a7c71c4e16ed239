import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { io as ioClient } from 'socket.io-client';
import { startServerProcess } from '@idea-board/server/bench-support';
import { SOCKET_IO_PATH } from '@idea-board/shared';

/**
 * Presence: who is here (socket.io roster), live cursors and selections
 * (Yjs awareness), and picking a name on a first visit.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const ALICE_COLOR = '#0b7285'; // "Teal" in the palette
const BOB_COLOR = '#c2410c'; // "Orange"

/** A fresh browser context (own storage, own connections) that already picked a name and colour, or none. */
async function openAs(browser: Browser, identity: { name: string; color: string } | null): Promise<Page> {
  const context = await browser.newContext();
  if (identity) {
    await context.addInitScript(({ name, color }) => {
      window.localStorage.setItem('idea-board:name', name);
      window.localStorage.setItem('idea-board:color', color);
    }, identity);
  }
  return context.newPage();
}

async function newBoard(request: APIRequestContext): Promise<{ id: string; viewId: string }> {
  const response = await request.post('/api/rooms', { data: { title: 'Presence test' } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; viewId: string };
}

const presenceList = (page: Page) => page.getByRole('list', { name: 'People here' });
const canvas = (page: Page) => page.getByRole('application', { name: 'Board canvas' });
const syncStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Up to date|Saving|Connecting/ });

/** The presence row of the person called `name`. */
function personRow(page: Page, name: string) {
  return presenceList(page).getByRole('listitem').filter({ hasText: name });
}

test('the presence list and live cursors show the other person by name, in their colour', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, { name: 'Alice', color: ALICE_COLOR });
  const bob = await openAs(browser, { name: 'Bob', color: BOB_COLOR });
  const vera = await openAs(browser, { name: 'Vera', color: '#9c36b5' });

  await alice.goto(`/b/${room.id}`);
  await bob.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');
  await expect(syncStatus(bob)).toHaveText('Saved');

  // Both see both, with their role, and themselves marked "you".
  await expect(personRow(alice, 'Bob')).toContainText('editor');
  await expect(personRow(alice, 'Alice')).toContainText('you');
  await expect(personRow(bob, 'Alice')).toBeVisible();
  await expect(personRow(bob, 'Alice')).not.toContainText('you');

  // A viewer joins: listed as a viewer for everyone, live.
  await vera.goto(`/v/${room.viewId}`);
  await expect(syncStatus(vera)).toHaveText('Up to date');
  await expect(personRow(alice, 'Vera')).toContainText('viewer');
  await expect(personRow(vera, 'Vera')).toContainText('you');

  // Alice moves over the board: Bob sees her cursor with her name, in her colour, where she points.
  const box = (await canvas(alice).boundingBox())!;
  await alice.mouse.move(box.x + 200, box.y + 200);
  await alice.mouse.move(box.x + 320, box.y + 260, { steps: 8 });
  const aliceCursor = bob.getByRole('img', { name: "Alice's cursor" });
  await expect(aliceCursor).toBeVisible();
  await expect(aliceCursor).toContainText('Alice');
  await expect(aliceCursor.locator('path')).toHaveAttribute('fill', ALICE_COLOR);
  // Same camera on both pages, so the arrow's tip lands on the same screen spot (the trailing update arrived).
  await expect
    .poll(async () => {
      const tip = await aliceCursor.locator('path').boundingBox();
      const bobCanvas = await canvas(bob).boundingBox();
      if (!tip || !bobCanvas) return false;
      return Math.abs(tip.x - bobCanvas.x - 320) <= 2 && Math.abs(tip.y - bobCanvas.y - 260) <= 2;
    })
    .toBe(true);
  // Nobody sees their own cursor drawn.
  await expect(alice.getByRole('img', { name: "Alice's cursor" })).toHaveCount(0);
  await bob.mouse.move(box.x + 600, box.y + 400);
  await expect(alice.getByRole('img', { name: "Bob's cursor" })).toContainText('Bob');
  await expect(vera.getByRole('img', { name: "Bob's cursor" })).toBeVisible();

  await bob.screenshot({ path: testInfo.outputPath('cursor-of-alice-seen-by-bob.png') });

  // Leaving the board takes the cursor away.
  await alice.mouse.move(box.x + box.width + 50, box.y + 30);
  await expect(aliceCursor).toHaveCount(0);

  // Bob leaves: gone from Alice's list and cursors.
  await bob.context().close();
  await expect(personRow(alice, 'Bob')).toHaveCount(0);
  await expect(alice.getByRole('img', { name: "Bob's cursor" })).toHaveCount(0);

  for (const page of [alice, vera]) await page.context().close();
});

test("others' selections are outlined in their colour", async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, { name: 'Alice', color: ALICE_COLOR });
  const bob = await openAs(browser, { name: 'Bob', color: BOB_COLOR });
  await alice.goto(`/b/${room.id}`);
  await bob.goto(`/b/${room.id}`);
  await expect(syncStatus(alice)).toHaveText('Saved');

  // Alice places a sticky note: it is created selected.
  await alice.getByRole('button', { name: 'Sticky note', exact: true }).click();
  await canvas(alice).click({ position: { x: 420, y: 320 } });
  const note = alice.locator('g[data-element-type="sticky"]');
  await expect(note).toHaveCount(1);
  const noteId = (await note.getAttribute('data-element-id'))!;
  await alice.keyboard.type('Roadmap');
  await alice.keyboard.press('Escape');

  const outline = bob.locator(`[data-peer-selection][data-selected-element="${noteId}"]`);
  await expect(outline).toBeVisible();
  await expect(outline.locator('rect').first()).toHaveAttribute('stroke', ALICE_COLOR);
  await expect(outline).toContainText('Alice');
  await bob.screenshot({ path: testInfo.outputPath('selection-of-alice-seen-by-bob.png') });

  // Clicking empty board clears Alice's selection; Bob's outline goes away.
  await canvas(alice).click({ position: { x: 100, y: 600 } });
  await expect(outline).toHaveCount(0);

  for (const page of [alice, bob]) await page.context().close();
});

test('a first-time visitor picks a name and colour; a later rename reaches everyone', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, { name: 'Alice', color: ALICE_COLOR });
  const newcomer = await openAs(browser, null);
  await alice.goto(`/b/${room.id}`);
  await newcomer.goto(`/b/${room.id}`);

  // The welcome card asks for a name; meanwhile the newcomer is a guest.
  const welcome = newcomer.getByRole('dialog', { name: 'Welcome to the board' });
  await expect(welcome).toBeVisible();
  const nameField = welcome.getByRole('textbox', { name: 'Your name' });
  await expect(nameField).toBeFocused();
  await expect(nameField).toHaveValue(/^Guest \d{3}$/);
  const guestName = await nameField.inputValue();
  await expect(personRow(alice, guestName)).toBeVisible();
  await newcomer.screenshot({ path: testInfo.outputPath('welcome-dialog.png') });

  await nameField.fill('Carol');
  await welcome.getByRole('radio', { name: 'Violet' }).check();
  await welcome.getByRole('button', { name: 'Join the board' }).click();
  await expect(welcome).toHaveCount(0);

  // Everyone sees the new name and colour, in the list and on the cursor.
  await expect(personRow(alice, 'Carol')).toBeVisible();
  await expect(personRow(alice, guestName)).toHaveCount(0);
  await expect(personRow(alice, 'Carol').locator('.avatar')).toHaveCSS('background-color', 'rgb(103, 65, 217)');
  const box = (await canvas(newcomer).boundingBox())!;
  await newcomer.mouse.move(box.x + 300, box.y + 300, { steps: 4 });
  await expect(alice.getByRole('img', { name: "Carol's cursor" })).toContainText('Carol');

  // Remembered: a reload does not ask again.
  await newcomer.reload();
  await expect(personRow(newcomer, 'Carol')).toContainText('you');
  await expect(newcomer.getByRole('dialog', { name: 'Welcome to the board' })).toHaveCount(0);

  // Renaming later, from the presence panel.
  await personRow(newcomer, 'Carol').getByRole('button', { name: 'Edit your name and colour' }).click();
  const field = presenceList(newcomer).locator('..').getByRole('textbox', { name: 'Your name' });
  await expect(field).toBeFocused();
  await field.fill('Caroline');
  await field.press('Enter');
  await expect(personRow(alice, 'Caroline')).toBeVisible();
  await expect(personRow(newcomer, 'Caroline')).toContainText('you');
  await newcomer.mouse.move(box.x + 320, box.y + 310, { steps: 2 });
  await expect(alice.getByRole('img', { name: "Caroline's cursor" })).toBeVisible();

  for (const page of [alice, newcomer]) await page.context().close();
});

test('turned away for too many connections from one address, presence joins by itself once a place is free', async ({ browser }) => {
  // A server of its own, allowing one session per address: a session held here takes the only place.
  const server = await startServerProcess({
    script: join(repoRoot, 'server/dist/main.js'),
    name: 'one-session server',
    cwd: repoRoot,
    env: { MAX_CONNECTIONS_PER_ADDRESS: '1', LOG_LEVEL: 'warn' },
    dataDirPrefix: 'idea-board-e2e-limit-',
    readyPath: '/healthz',
  });
  const holder = ioClient(server.baseUrl, { path: SOCKET_IO_PATH, transports: ['websocket'], autoConnect: false });
  try {
    const created = await fetch(`${server.baseUrl}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'One place' }),
    });
    const room = (await created.json()) as { id: string };
    holder.auth = { roomId: room.id, name: 'Holder' };
    await new Promise<void>((resolve, reject) => {
      holder.once('connect', resolve);
      holder.once('connect_error', reject);
      holder.connect();
    });

    const page = await openAs(browser, { name: 'Alice', color: ALICE_COLOR });
    await page.goto(`${server.baseUrl}/b/${room.id}`);
    await expect(syncStatus(page)).toHaveText('Saved');
    await expect(page.getByText('Presence unavailable, reconnecting…')).toBeVisible();
    await expect(personRow(page, 'Alice')).toHaveCount(0);

    // The place frees up: the page asks again on its own (socket.io does not retry a refused handshake).
    holder.disconnect();
    await expect(personRow(page, 'Alice')).toContainText('you', { timeout: 15_000 });
    await expect(page.getByText('Presence unavailable, reconnecting…')).toHaveCount(0);
    await page.context().close();
  } finally {
    holder.disconnect();
    await server.stop();
  }
});
