import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, type ElementData } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { canonicalState, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

/**
 * Restore with stock y-websocket clients connected (issue 4). A restore is one
 * new change written by the server on top of the history; clients that are
 * connected receive it like any edit, and a client that was offline merges it
 * with its own offline edits when it comes back.
 *
 * What "merges correctly" means here, precisely:
 * 1. Every replica (the clients, the server's stored board, a newcomer) ends identical.
 * 2. The restore's own effects stay: elements it brought back are there, elements it removed are gone.
 * 3. Offline edits to elements the restore did not touch survive unchanged, and so do elements
 *    the offline client created.
 * 4. On an element both changed, the text merges as Yjs merges text: the characters the restore
 *    deleted are gone, the characters the offline client typed stay.
 * 5. Restoring again to a snapshot taken just before the restore gives exactly that snapshot's
 *    board on every replica: the restore is undone (and so is everything written after that snapshot).
 */

let running: RunningServer;
const clients: YClient[] = [];

beforeEach(async () => {
  running = await startServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await running.stop();
});

async function connect(id: string): Promise<YClient> {
  const client = await connectSynced(running.yjsUrl, id);
  clients.push(client);
  return client;
}

async function post(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.httpUrl}${url}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function snapshot(id: string, name: string): Promise<{ id: string; state: string }> {
  const response = await fetch(`${running.httpUrl}/api/rooms/${id}/snapshots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  const { id: snapshotId } = (await response.json()) as { id: string };
  const state = await fetch(`${running.httpUrl}/api/rooms/${id}/snapshots/${snapshotId}/state`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await state.arrayBuffer()));
  const canonical = canonicalState(doc);
  doc.destroy();
  return { id: snapshotId, state: canonical };
}

async function restore(id: string, snapshotId: string): Promise<void> {
  const answer = await post(`/api/rooms/${id}/snapshots/${snapshotId}/restore`);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ restored: true, changed: true });
}

/** The board as the server stored it (checkpoint plus log). */
async function stored(id: string): Promise<string> {
  const access = await running.server.store.findRoomByAccessId(id);
  const document = await running.server.store.loadDocument(access!.room.roomId);
  const doc = new Y.Doc();
  if (document.checkpoint) Y.applyUpdate(doc, document.checkpoint);
  for (const update of document.updates) Y.applyUpdate(doc, update);
  const canonical = canonicalState(doc);
  doc.destroy();
  return canonical;
}

async function roomOf(id: string): Promise<string> {
  return (await running.server.store.findRoomByAccessId(id))!.room.roomId;
}

/** Waits until every replica holds the same board, and returns it. */
async function converged(what: string, id: string, replicas: YClient[]): Promise<string> {
  return waitFor(what, async () => {
    const first = canonicalState(replicas[0]!.doc);
    if (!replicas.every((client) => canonicalState(client.doc) === first)) return null;
    return (await stored(id)) === first ? first : null;
  });
}

function element(client: YClient, id: string): Y.Map<unknown> | undefined {
  return client.doc.getMap<Y.Map<unknown>>('elements').get(id);
}

function text(client: YClient, id: string): string | undefined {
  return element(client, id)?.get('text')?.toString();
}

function typeAtEnd(client: YClient, id: string, typed: string): void {
  const ytext = element(client, id)!.get('text') as Y.Text;
  ytext.insert(ytext.length, typed);
}

const sticky = (text: string, x: number): ElementData => ({ type: 'sticky', x, y: 0, w: 200, h: 200, text });

describe('restore with clients connected', () => {
  it('two connected clients both converge on the restored state, and a second restore undoes it', async () => {
    const room = await running.createRoom('Retro');
    const a = await connect(room.id);
    const b = await connect(room.id);
    createElement(a.doc, null, sticky('alpha', 0), 'A');
    createElement(a.doc, null, sticky('bravo', 300), 'B');
    createElement(b.doc, null, { type: 'rect', x: 0, y: 300, w: 100, h: 100, fill: '#a5d8ff' }, 'R');
    await converged('both clients hold A, B and R', room.id, [a, b]);
    const s0 = await snapshot(room.id, 'start');

    // Both edit, concurrently, before the restore.
    typeAtEnd(a, 'A', ' beta');
    b.doc.getMap('elements').delete('B');
    createElement(b.doc, null, sticky('delta', 600), 'D');
    (element(a, 'R') as Y.Map<unknown>).set('x', 250);
    const edited = await converged('both clients see the edits', room.id, [a, b]);
    const s1 = await snapshot(room.id, 'before restore');
    expect(s1.state).toBe(edited);

    await restore(room.id, s0.id);
    const restored = await converged('both clients restored', room.id, [a, b]);
    expect(restored).toBe(s0.state);
    expect(text(a, 'A')).toBe('alpha');
    expect(text(b, 'B')).toBe('bravo');
    expect(element(a, 'D')).toBeUndefined();
    expect(element(b, 'R')!.get('x')).toBe(0);
    // A client joining now gets the same board.
    const late = await connect(room.viewId);
    expect(canonicalState(late.doc)).toBe(s0.state);

    // The restore was a change like any other: restoring the snapshot taken before it undoes it.
    await restore(room.id, s1.id);
    expect(await converged('both clients back to before the restore', room.id, [a, b, late])).toBe(s1.state);
  });

  it('a client offline during the restore merges correctly when it returns', async () => {
    const room = await running.createRoom('Workshop');
    const roomId = await roomOf(room.id);
    const a = await connect(room.id);
    const b = await connect(room.id);
    const c = await connect(room.id);
    createElement(a.doc, null, sticky('alpha', 0), 'A');
    createElement(a.doc, null, sticky('bravo', 300), 'B');
    createElement(a.doc, null, sticky('charlie', 600), 'C');
    createElement(a.doc, null, { type: 'rect', x: 0, y: 300, w: 100, h: 100, fill: '#a5d8ff' }, 'R');
    await converged('three clients hold A, B, C and R', room.id, [a, b, c]);
    const s0 = await snapshot(room.id, 'start');

    // Online edits after the snapshot: A typed into, B deleted, D added. C and R are left alone.
    typeAtEnd(a, 'A', ' beta');
    b.doc.getMap('elements').delete('B');
    createElement(b.doc, null, sticky('delta', 900), 'D');
    const beforeRestore = await converged('three clients see the edits', room.id, [a, b, c]);
    const s1 = await snapshot(room.id, 'before restore');
    expect(s1.state).toBe(beforeRestore);

    // c goes offline (the server sees it leave) and keeps working.
    c.provider.disconnect();
    await waitFor('the server to see c leave', () => running.server.rooms.peek(roomId)?.connectionCount === 2);
    typeAtEnd(c, 'A', ' gamma');
    typeAtEnd(c, 'C', '!');
    element(c, 'C')!.set('x', 500);
    element(c, 'R')!.set('fill', '#ff0000');
    createElement(c.doc, null, sticky('echo', 1200), 'E');

    // Meanwhile the board is restored for the two online clients.
    await restore(room.id, s0.id);
    expect(await converged('a and b restored', room.id, [a, b])).toBe(s0.state);
    expect(text(c, 'A')).toBe('alpha beta gamma');

    // c returns.
    c.provider.connect();
    await waitFor('c synced again', () => c.provider.synced && c.provider.wsconnected);
    const merged = await converged('a, b and c identical, and stored', room.id, [a, b, c]);
    // (1) a newcomer gets the same board too.
    const newcomer = await connect(room.viewId);
    expect(canonicalState(newcomer.doc)).toBe(merged);

    for (const client of [a, b, c, newcomer]) {
      // (2) what the restore did stays done: B is back as it was, D is gone.
      expect(text(client, 'B')).toBe('bravo');
      expect(element(client, 'B')!.get('x')).toBe(300);
      expect(element(client, 'D')).toBeUndefined();
      // (3) c's offline edits to elements the restore did not touch survive, and so does its new element.
      expect(text(client, 'C')).toBe('charlie!');
      expect(element(client, 'C')!.get('x')).toBe(500);
      expect(element(client, 'R')!.get('fill')).toBe('#ff0000');
      expect(text(client, 'E')).toBe('echo');
      // (4) A, changed by both: the restore removed " beta", c's concurrent " gamma" stays.
      expect(text(client, 'A')).toBe('alpha gamma');
    }
    expect([...a.doc.getMap('elements').keys()].sort()).toEqual(['A', 'B', 'C', 'E', 'R']);

    // (5) restoring the snapshot taken before the restore undoes it, on every replica,
    // and also what c wrote after that snapshot.
    await restore(room.id, s1.id);
    expect(await converged('everyone back to before the restore', room.id, [a, b, c, newcomer])).toBe(s1.state);
    expect(text(c, 'A')).toBe('alpha beta');
    expect(element(c, 'B')).toBeUndefined();
    expect(text(c, 'D')).toBe('delta');
    expect(element(c, 'E')).toBeUndefined();
    expect(text(c, 'C')).toBe('charlie');
  });

  it('an offline edit inside an element deleted online is not carried into the copy a restore brings back', async () => {
    // Yjs maps let a delete win over concurrent edits inside the deleted value; a restore cannot
    // revive that Y.Map, it writes a copy of the snapshot's element under the same id. So the offline
    // edits are lost, exactly as they would be without the restore; every replica agrees on it.
    const room = await running.createRoom('Workshop');
    const roomId = await roomOf(room.id);
    const a = await connect(room.id);
    const c = await connect(room.id);
    createElement(a.doc, null, sticky('bravo', 300), 'B');
    await converged('both clients hold B', room.id, [a, c]);
    const s0 = await snapshot(room.id, 'start');
    c.provider.disconnect();
    await waitFor('the server to see c leave', () => running.server.rooms.peek(roomId)?.connectionCount === 1);
    typeAtEnd(c, 'B', ' offline');
    element(c, 'B')!.set('fill', '#ff0000');
    a.doc.getMap('elements').delete('B');
    await converged('B deleted', room.id, [a]);
    await restore(room.id, s0.id);
    c.provider.connect();
    expect(await converged('a and c identical', room.id, [a, c])).toBe(s0.state);
    expect(text(c, 'B')).toBe('bravo');
    expect(element(c, 'B')!.get('fill')).toBeUndefined();
  });
});
