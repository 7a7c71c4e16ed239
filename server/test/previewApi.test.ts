import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, parseBoardExport } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

/**
 * `GET /api/rooms/<id>/preview.json`: what a page shows of a large board while
 * its live copy syncs. It must be the board as it is now (valid elements only),
 * for editors and viewers alike, and follow every change.
 */

let running: RunningServer;
const clients: YClient[] = [];

beforeAll(async () => {
  running = await startServer();
});

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await running.stop();
});

async function preview(id: string, server: RunningServer = running): Promise<{ status: number; type: string; body: unknown }> {
  const response = await fetch(`${server.httpUrl}/api/rooms/${id}/preview.json`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
}

function elementIds(body: unknown): string[] {
  const parsed = parseBoardExport(body);
  if (!parsed.ok) throw new Error(parsed.error);
  return (body as { elements: { id: string }[] }).elements.map((element) => element.id).sort();
}

describe('board preview', () => {
  it('gives editors and viewers the valid elements of the board as it is now, and follows each change', async () => {
    const room = await running.createRoom('Preview');
    const client = await connectSynced(running.yjsUrl, room.id);
    clients.push(client);
    const note = createElement(client.doc, null, { type: 'sticky', x: 10, y: 20, w: 200, h: 160, text: 'hello' }, 'note-1');
    createElement(client.doc, null, { type: 'rect', x: -50, y: 0, w: 30, h: 40 }, 'rect-1');
    // A rogue client's junk is not part of the preview.
    const junk = new Y.Map<unknown>();
    junk.set('type', 'rect');
    junk.set('x', 'left');
    client.doc.getMap('elements').set('junk-1', junk);
    client.doc.getMap('elements').set('junk-2', 42);

    await waitFor('both elements in the preview', async () => elementIds((await preview(room.id)).body).length === 2);
    for (const id of [room.id, room.viewId]) {
      const answer = await preview(id);
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body).toMatchObject({ format: 'idea-board', title: 'Preview' });
      expect(elementIds(answer.body)).toEqual(['note-1', 'rect-1']);
      const sticky = (answer.body as { elements: { id: string; text?: string; x: number }[] }).elements.find((e) => e.id === note);
      expect(sticky).toMatchObject({ type: 'sticky', x: 10, y: 20, text: 'hello' });
    }

    client.doc.getMap('elements').delete('rect-1');
    await waitFor('the deletion in the preview', async () => elementIds((await preview(room.viewId)).body).join() === 'note-1');
  });

  it('with near=minX,minY,maxX,maxY gives only the elements that meet that box', async () => {
    const room = await running.createRoom('Big');
    const client = await connectSynced(running.yjsUrl, room.id);
    clients.push(client);
    createElement(client.doc, null, { type: 'rect', x: 0, y: 0, w: 100, h: 100 }, 'inside');
    createElement(client.doc, null, { type: 'rect', x: 990, y: 990, w: 100, h: 100 }, 'overlapping');
    createElement(client.doc, null, { type: 'ellipse', x: 5000, y: 0, w: 10, h: 10 }, 'far-right');
    createElement(client.doc, null, { type: 'stroke', x: -3000, y: -3000, points: [0, 0, 10, 10] }, 'far-left');
    await waitFor('all four in the preview', async () => elementIds((await preview(room.id)).body).length === 4);
    const near = await fetch(`${running.httpUrl}/api/rooms/${room.viewId}/preview.json?near=-10,-10,1000,1000`);
    expect(near.status).toBe(200);
    expect(elementIds(await near.json())).toEqual(['inside', 'overlapping']);
    for (const bad of ['1,2,3', 'a,b,c,d', '5,0,1,10', '0,0,1e400,1', '0,0,1,1&near=0,0,2,2']) {
      const answer = await fetch(`${running.httpUrl}/api/rooms/${room.id}/preview.json?near=${bad}`);
      expect(answer.status, bad).toBe(400);
      expect(Object.keys((await answer.json()) as object)).toEqual(['error']);
    }
  });

  it('loads a board nobody has open, and the sync that follows finds it in memory', async () => {
    // Rooms stay loaded ROOM_UNLOAD_DELAY_MS after their last use (the other tests' server unloads at once).
    const lingering = await startServer({ ROOM_UNLOAD_DELAY_MS: '2000' });
    cleanups.push(() => lingering.stop());
    const room = await lingering.createRoom('Cold');
    const writer = await connectSynced(lingering.yjsUrl, room.id);
    createElement(writer.doc, null, { type: 'ellipse', x: 0, y: 0, w: 10, h: 10 }, 'circle-1');
    await waitFor('the server to have the ellipse', () =>
      [...lingering.server.rooms.openRooms()].some((open) => open.doc.getMap('elements').has('circle-1')),
    );
    writer.destroy();
    await waitFor('the room to unload after the writer left', () => [...lingering.server.rooms.openRooms()].length === 0);

    const answer = await preview(room.id, lingering);
    expect(elementIds(answer.body)).toEqual(['circle-1']);
    expect([...lingering.server.rooms.openRooms()]).toHaveLength(1);
  });

  it('answers an unknown id with 404 and a malformed one with 400, as JSON errors', async () => {
    const unknown = await preview('A'.repeat(22));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: expect.any(String) });
    const malformed = await preview('not-an-id!');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: expect.any(String) });
  });
});
