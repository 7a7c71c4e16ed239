import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { contextAs, openAs } from './helpers/people.js';

/**
 * Drawing and editing on the board, seen live by another editor: pen strokes
 * while they are drawn, concurrent typing in one note, moves, deletes,
 * per-person undo, copy and paste across boards, and a view-only page that
 * cannot change anything. Also writes screenshots of the board to test-results/.
 */

async function newBoard(request: APIRequestContext, title = 'Board test'): Promise<{ id: string; viewId: string }> {
  const response = await request.post('/api/rooms', { data: { title } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; viewId: string };
}

const canvas = (page: Page) => page.getByRole('application', { name: 'Board canvas' });
const elements = (page: Page, type?: string) => page.locator(type ? `g[data-element-type="${type}"]` : 'g[data-element-id]');
const syncStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Saving|Connecting|Up to date/ });

/** Opens the board and waits until it is in step with the server. */
async function openBoard(page: Page, path: string, settled: 'Saved' | 'Up to date' = 'Saved'): Promise<void> {
  await page.goto(path);
  await expect(syncStatus(page)).toHaveText(settled);
}

/** Page coordinates of a canvas point (the camera starts at the world origin, 100%). */
async function at(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await canvas(page).boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 8): Promise<void> {
  const a = await at(page, from.x, from.y);
  const b = await at(page, to.x, to.y);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps });
  await page.mouse.up();
}

async function pickTool(page: Page, name: string): Promise<void> {
  await page.getByRole('toolbar', { name: 'Board tools' }).getByRole('button', { name, exact: true }).click();
}

test('a pen stroke appears for the other editor while it is being drawn', async ({ browser, request }) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  const bob = await openAs(browser, 'Bob');
  await openBoard(alice, `/b/${room.id}`);
  await openBoard(bob, `/b/${room.id}`);

  await pickTool(alice, 'Pen');
  await expect(alice.getByRole('button', { name: 'Pen', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const start = await at(alice, 200, 300);
  await alice.mouse.move(start.x, start.y);
  await alice.mouse.down();
  for (let i = 1; i <= 15; i++) await alice.mouse.move(start.x + i * 10, start.y + Math.sin(i / 2) * 30);

  // Still drawing: Bob already sees the stroke.
  await expect(elements(bob, 'stroke')).toHaveCount(1);
  for (let i = 16; i <= 30; i++) await alice.mouse.move(start.x + i * 10, start.y + Math.sin(i / 2) * 30);
  await alice.mouse.up();

  const alicePath = elements(alice, 'stroke').locator('path');
  const d = await alicePath.getAttribute('d');
  expect(d).toMatch(/^M/);
  await expect(elements(bob, 'stroke').locator('path')).toHaveAttribute('d', d!);
  const id = await elements(alice, 'stroke').getAttribute('data-element-id');
  await expect(elements(bob, 'stroke')).toHaveAttribute('data-element-id', id!);

  // The whole stroke is one undo step.
  await alice.keyboard.press('Control+z');
  await expect(elements(alice, 'stroke')).toHaveCount(0);
  await expect(elements(bob, 'stroke')).toHaveCount(0);

  for (const page of [alice, bob]) await page.context().close();
});

test('two people typing in the same note both keep their words', async ({ browser, request }) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  const bob = await openAs(browser, 'Bob');
  await openBoard(alice, `/b/${room.id}`);
  await openBoard(bob, `/b/${room.id}`);

  await alice.keyboard.press('s');
  await canvas(alice).click({ position: { x: 300, y: 300 } });
  const aliceText = alice.getByRole('textbox', { name: 'Sticky note text' });
  await expect(aliceText).toBeFocused();
  await aliceText.pressSequentially('middle');
  const note = elements(bob, 'sticky');
  await expect(note).toHaveText('middle');

  await note.dblclick();
  const bobText = bob.getByRole('textbox', { name: 'Sticky note text' });
  await expect(bobText).toBeFocused();
  await aliceText.press('Control+Home');
  await bobText.press('Control+End');
  // Both type at the same time, at opposite ends.
  await Promise.all([aliceText.pressSequentially('Alice ', { delay: 30 }), bobText.pressSequentially(' Bob', { delay: 30 })]);

  await expect(aliceText).toHaveValue('Alice middle Bob');
  await expect(bobText).toHaveValue('Alice middle Bob');
  await aliceText.press('Escape');
  await expect(elements(alice, 'sticky')).toHaveText('Alice middle Bob');

  for (const page of [alice, bob]) await page.context().close();
});

test('moves and deletes are seen by the other editor; undo takes back only your own changes', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  const bob = await openAs(browser, 'Bob');
  await openBoard(alice, `/b/${room.id}`);
  await openBoard(bob, `/b/${room.id}`);

  // Alice draws a rectangle, Bob an ellipse.
  // (The style panel floats over the canvas's left edge: draw right of it.)
  await pickTool(alice, 'Rectangle');
  await drag(alice, { x: 300, y: 150 }, { x: 460, y: 250 });
  await expect(elements(bob, 'rect')).toHaveCount(1);
  await pickTool(bob, 'Ellipse');
  await drag(bob, { x: 600, y: 150 }, { x: 760, y: 250 });
  await expect(elements(alice, 'ellipse')).toHaveCount(1);

  // Bob moves his ellipse by dragging its outline (away from the resize handles); Alice sees it move.
  await drag(bob, { x: 737, y: 165 }, { x: 787, y: 265 });
  await expect(elements(alice, 'ellipse').locator('ellipse')).toHaveAttribute('cx', '730');
  await expect(elements(alice, 'ellipse').locator('ellipse')).toHaveAttribute('cy', '300');

  // Alice selects her rectangle by its edge and nudges it with the arrow keys (shift: 10 units).
  await canvas(alice).click({ position: { x: 300, y: 180 } });
  await alice.keyboard.press('Shift+ArrowRight');
  await expect(elements(bob, 'rect').locator('rect')).toHaveAttribute('x', '310');

  await alice.screenshot({ path: testInfo.outputPath('board-selection.png') });

  // Alice undoes twice: her nudge, then her rectangle. Bob's ellipse and its move stay.
  await alice.getByRole('button', { name: 'Undo' }).click();
  await expect(elements(bob, 'rect').locator('rect')).toHaveAttribute('x', '300');
  await alice.keyboard.press('Control+z');
  await expect(elements(alice, 'rect')).toHaveCount(0);
  await expect(elements(bob, 'rect')).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await expect(elements(alice, 'ellipse').locator('ellipse')).toHaveAttribute('cx', '730');

  // Redo brings the rectangle back for both.
  await alice.keyboard.press('Control+Shift+z');
  await expect(elements(bob, 'rect')).toHaveCount(1);

  // Bob deletes his ellipse; Alice sees it go.
  await canvas(bob).click({ position: { x: 787, y: 265 } });
  await bob.keyboard.press('Delete');
  await expect(elements(alice, 'ellipse')).toHaveCount(0);

  for (const page of [alice, bob]) await page.context().close();
});

test('copy on one board and paste on another, through the clipboard', async ({ browser, request }) => {
  const first = await newBoard(request, 'First');
  const second = await newBoard(request, 'Second');
  const context = await contextAs(browser, 'Alice');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const a = await context.newPage();
  await openBoard(a, `/b/${first.id}`);
  await a.keyboard.press('s');
  await canvas(a).click({ position: { x: 300, y: 300 } });
  await a.getByRole('textbox', { name: 'Sticky note text' }).pressSequentially('Copied idea');
  await a.keyboard.press('Escape');
  await pickTool(a, 'Arrow');
  await drag(a, { x: 450, y: 300 }, { x: 600, y: 250 });
  await a.keyboard.press('Control+a');
  await a.keyboard.press('Control+c');

  const b = await context.newPage();
  await openBoard(b, `/b/${second.id}`);
  await canvas(b).hover({ position: { x: 500, y: 400 } });
  await b.keyboard.press('Control+v');
  await expect(elements(b, 'sticky')).toHaveText('Copied idea');
  await expect(elements(b, 'arrow')).toHaveCount(1);
  // New elements, not the same ids.
  const pastedId = await elements(b, 'sticky').getAttribute('data-element-id');
  expect(pastedId).not.toBe(await elements(a, 'sticky').getAttribute('data-element-id'));

  // Ctrl+D duplicates the pasted selection.
  await b.keyboard.press('Control+d');
  await expect(elements(b, 'sticky')).toHaveCount(2);
  await context.close();
});

test('the view-only link shows the board but cannot change it', async ({ browser, request }) => {
  const room = await newBoard(request);
  const alice = await openAs(browser, 'Alice');
  const vera = await openAs(browser, 'Vera');
  await openBoard(alice, `/b/${room.id}`);
  await pickTool(alice, 'Rectangle');
  await drag(alice, { x: 300, y: 150 }, { x: 460, y: 250 });
  await expect(elements(alice, 'rect')).toHaveCount(1);

  await openBoard(vera, `/v/${room.viewId}`, 'Up to date');
  await expect(vera.getByText('View only', { exact: true })).toBeVisible();
  await expect(elements(vera, 'rect')).toHaveCount(1);
  // Only the tools that look around.
  const tools = vera.getByRole('toolbar', { name: 'Board tools' }).getByRole('button');
  await expect(tools).toHaveCount(2);
  await expect(tools.first()).toHaveAccessibleName('Select');
  await expect(tools.last()).toHaveAccessibleName('Hand (pan)');
  await expect(vera.getByRole('button', { name: 'Undo' })).toHaveCount(0);

  // Shortcuts and drags change nothing.
  await vera.keyboard.press('r');
  await drag(vera, { x: 400, y: 400 }, { x: 500, y: 500 });
  await canvas(vera).click({ position: { x: 300, y: 180 } });
  await vera.keyboard.press('Delete');
  await drag(vera, { x: 300, y: 180 }, { x: 500, y: 400 });
  await vera.keyboard.press('Control+d');
  await expect(elements(vera)).toHaveCount(1);
  await expect(elements(vera, 'rect').locator('rect')).toHaveAttribute('x', '300');
  await expect(elements(alice)).toHaveCount(1);
  await expect(elements(alice, 'rect').locator('rect')).toHaveAttribute('x', '300');

  // Panning and zooming still work.
  await vera.getByRole('button', { name: 'Zoom in' }).click();
  await expect(vera.getByRole('button', { name: 'Reset zoom to 100%' })).toHaveText('125%');

  for (const page of [alice, vera]) await page.context().close();
});

test('screenshots: every element type, a selection, and a phone', async ({ browser, request }, testInfo) => {
  const room = await newBoard(request, 'Sprint planning');
  const alice = await openAs(browser, 'Alice');
  await openBoard(alice, `/b/${room.id}`);

  const note = async (x: number, y: number, text: string, colour?: string) => {
    await alice.keyboard.press('s');
    if (colour) await alice.getByRole('button', { name: `Note colour ${colour}` }).click();
    await canvas(alice).click({ position: { x, y } });
    await alice.getByRole('textbox', { name: 'Sticky note text' }).pressSequentially(text);
    await alice.keyboard.press('Escape');
  };
  // (The style panel floats over the canvas's left edge: draw right of it.)
  await note(340, 190, 'Ship the MVP by Friday');
  await note(570, 190, 'Ask users what confuses them', 'Pink');
  await pickTool(alice, 'Rectangle');
  await alice.getByRole('button', { name: 'Background Light blue' }).click();
  await drag(alice, { x: 700, y: 120 }, { x: 860, y: 240 });
  await pickTool(alice, 'Ellipse');
  await alice.getByRole('button', { name: 'Stroke colour Green' }).click();
  await drag(alice, { x: 880, y: 120 }, { x: 1000, y: 240 });
  await pickTool(alice, 'Arrow');
  await alice.getByRole('button', { name: 'Stroke colour Black' }).click();
  await drag(alice, { x: 330, y: 330 }, { x: 460, y: 420 });
  await pickTool(alice, 'Line');
  await drag(alice, { x: 560, y: 330 }, { x: 760, y: 330 });
  await pickTool(alice, 'Pen');
  await alice.getByRole('button', { name: 'Stroke colour Red' }).click();
  const start = await at(alice, 600, 440);
  await alice.mouse.move(start.x, start.y);
  await alice.mouse.down();
  for (let i = 1; i <= 40; i++) await alice.mouse.move(start.x + i * 6, start.y + Math.sin(i / 4) * 25);
  await alice.mouse.up();
  await pickTool(alice, 'Text');
  await canvas(alice).click({ position: { x: 300, y: 520 } });
  await alice.getByRole('textbox', { name: 'Text', exact: true }).pressSequentially('Plain text wraps inside its box when it grows long');
  await alice.keyboard.press('Escape');

  for (const type of ['rect', 'ellipse', 'arrow', 'line', 'stroke', 'text']) await expect(elements(alice, type)).toHaveCount(1);
  await expect(elements(alice, 'sticky')).toHaveCount(2);

  // A marquee selection around the two notes.
  await pickTool(alice, 'Select');
  await drag(alice, { x: 690, y: 290 }, { x: 225, y: 100 });
  await expect(alice.getByRole('button', { name: 'Note colour Pink' })).toHaveAttribute('aria-pressed', 'false');
  await alice.screenshot({ path: testInfo.outputPath('board-desktop.png') });

  const phoneContext = await contextAs(browser, 'Phil', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const phone = await phoneContext.newPage();
  await openBoard(phone, `/b/${room.id}`);
  await expect(elements(phone).first()).toBeAttached();
  await phone.screenshot({ path: testInfo.outputPath('board-phone.png') });
  await phone.getByRole('button', { name: 'People and sharing' }).click();
  await phone.screenshot({ path: testInfo.outputPath('board-phone-panel.png') });

  for (const page of [alice, phone]) await page.context().close();
});
