import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROOM_ID_PATTERN, createElement, type ElementData } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { canonicalState, connectClient, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

/**
 * The snapshots, sessions, history and export/import API (DESIGN.md, REST
 * contract; issue 4), driven over HTTP against the real server with stock
 * y-websocket clients editing the boards.
 *
 * The server runs on a manual clock that moves only when a test says so, so
 * the times the store records are exact. It starts an hour ahead of the real
 * clock because room creation (`createRoom`) stamps rooms with the real clock:
 * the manual one must never be behind it.
 */

const JSON_LIMIT = 4096;
const IMPORT_LIMIT = 64 * 1024;

let clock = Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000;
const now = (): number => clock;

let running: RunningServer;
const clients: YClient[] = [];

beforeAll(async () => {
  running = await startServer(
    { MAX_JSON_BODY_BYTES: String(JSON_LIMIT), MAX_IMPORT_BYTES: String(IMPORT_LIMIT) },
    undefined,
    { now },
  );
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await running.stop();
});

function track(client: YClient): YClient {
  clients.push(client);
  return client;
}

interface Answer {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  json<T = Record<string, unknown>>(): T;
}

async function api(
  method: string,
  url: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${running.httpUrl}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(body === undefined ? {} : { body }),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    headers: response.headers,
    text,
    bytes,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** Asserts a JSON error answer (status, `{ error }` only, no stack trace) and returns its message. */
function expectError(answer: Answer, status: number, message?: RegExp): string {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toContain('application/json');
  const body = answer.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error).toBe('string');
  expect(answer.text).not.toMatch(/at .*\.(js|ts):\d+/);
  if (message) expect(body.error).toMatch(message);
  return body.error as string;
}

interface SnapshotMeta {
  id: string;
  name: string;
  createdAt: string;
  auto: boolean;
  elementCount: number;
}

interface SessionMeta {
  id: string;
  startedAt: string;
  endedAt: string | null;
  participants: string[];
  autoSnapshotId: string | null;
}

interface CreatedRoom {
  id: string;
  viewId: string;
  ownerKey: string;
  url: string;
  viewUrl: string;
}

interface ExportedBoard {
  format: string;
  version: number;
  title: string;
  exportedAt: string;
  elements: (ElementData & { id: string })[];
}

/** The board as the store holds it (checkpoint plus log): what survives a restart. */
async function storedDoc(accessId: string): Promise<Y.Doc> {
  const access = await running.server.store.findRoomByAccessId(accessId);
  if (!access) throw new Error(`no room for ${accessId}`);
  const stored = await running.server.store.loadDocument(access.room.roomId);
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

async function storedState(accessId: string): Promise<string> {
  const doc = await storedDoc(accessId);
  const state = canonicalState(doc);
  doc.destroy();
  return state;
}

/** Waits until everything the client wrote is durable on the server. */
async function saved(client: YClient, accessId: string): Promise<void> {
  await waitFor('client edits stored', async () => (await storedState(accessId)) === canonicalState(client.doc));
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

function canonicalOf(state: Uint8Array): string {
  const doc = docOf(state);
  const canonical = canonicalState(doc);
  doc.destroy();
  return canonical;
}

/** Only the elements map, canonical (forks and imports get their own title). */
function canonicalElements(doc: Y.Doc): string {
  return JSON.stringify(JSON.parse(canonicalState(doc)).elements);
}

const STICKY: ElementData = { type: 'sticky', x: 0, y: 0, w: 200, h: 200, text: 'Ship it', fill: '#ffe066' };
const STROKE: ElementData = { type: 'stroke', x: 10, y: 20, points: [0, 0, 4, 2, 8, 8], stroke: '#1e1e1e', strokeWidth: 2 };
const RECT: ElementData = { type: 'rect', x: 300, y: 40, w: 120, h: 80, fill: '#a5d8ff', stroke: '#1971c2', strokeWidth: 3 };

/** A new board with a sticky, a stroke and a rectangle, drawn by a connected client. */
async function boardWithContent(title = 'Workshop'): Promise<{ room: CreatedRoom; client: YClient }> {
  const room = await running.createRoom(title);
  const client = track(await connectSynced(running.yjsUrl, room.id));
  createElement(client.doc, null, STICKY, 'sticky-1');
  createElement(client.doc, null, STROKE, 'stroke-1');
  createElement(client.doc, null, RECT, 'rect-1');
  await saved(client, room.id);
  return { room, client };
}

function textOf(doc: Y.Doc, id: string): string {
  const element = doc.getMap('elements').get(id);
  if (!(element instanceof Y.Map)) throw new Error(`no element ${id}`);
  return String(element.get('text'));
}

function appendText(doc: Y.Doc, id: string, text: string): void {
  const element = doc.getMap('elements').get(id) as Y.Map<unknown>;
  const ytext = element.get('text') as Y.Text;
  ytext.insert(ytext.length, text);
}

async function takeSnapshot(id: string, name?: string): Promise<SnapshotMeta> {
  const answer = await api('POST', `/api/rooms/${id}/snapshots`, name === undefined ? {} : { body: { name } });
  expect(answer.status, answer.text).toBe(201);
  return answer.json<SnapshotMeta>();
}

const UNKNOWN_ID = 'Z'.repeat(32);

describe('snapshots', () => {
  it('creates a snapshot with the edit id: 201 and its metadata', async () => {
    const { room } = await boardWithContent();
    const answer = await api('POST', `/api/rooms/${room.id}/snapshots`, { body: { name: '  Before lunch  ' } });
    expect(answer.status).toBe(201);
    const snapshot = answer.json<SnapshotMeta>();
    expect(Object.keys(snapshot).sort()).toEqual(['auto', 'createdAt', 'elementCount', 'id', 'name']);
    expect(snapshot).toMatchObject({ name: 'Before lunch', auto: false, elementCount: 3 });
    expect(snapshot.id).toMatch(ROOM_ID_PATTERN);
    expect(snapshot.id).not.toBe(room.id);
    // Stamped by the server's (injected) clock.
    expect(snapshot.createdAt).toBe(new Date(clock).toISOString());
  });

  it('names a snapshot by its time when no name (or a blank one) is given', async () => {
    const { room } = await boardWithContent();
    const defaultName = /^Snapshot \d{4}-\d\d-\d\d \d\d:\d\d UTC$/;
    // No body at all, an empty object, and a blank name.
    expect((await takeSnapshot(room.id)).name).toMatch(defaultName);
    const empty = await api('POST', `/api/rooms/${room.id}/snapshots`, { body: {} });
    expect(empty.status).toBe(201);
    expect(empty.json<SnapshotMeta>().name).toMatch(defaultName);
    expect((await takeSnapshot(room.id, '   ')).name).toMatch(defaultName);
  });

  it('refuses a name that is not a string or is over 200 characters', async () => {
    const { room } = await boardWithContent();
    expectError(await api('POST', `/api/rooms/${room.id}/snapshots`, { body: { name: 42 } }), 400);
    expectError(await api('POST', `/api/rooms/${room.id}/snapshots`, { body: { name: 'x'.repeat(201) } }), 400);
    expectError(await api('POST', `/api/rooms/${room.id}/snapshots`, { rawBody: '{"name": ' }), 400);
  });

  it('lists snapshots oldest first and gets each one, with the edit id and the view id', async () => {
    const { room, client } = await boardWithContent();
    const first = await takeSnapshot(room.id, 'one');
    clock += 60_000;
    createElement(client.doc, null, { ...RECT, x: 600 }, 'rect-2');
    await saved(client, room.id);
    const second = await takeSnapshot(room.id, 'two');
    expect(second.elementCount).toBe(4);
    for (const id of [room.id, room.viewId]) {
      const list = await api('GET', `/api/rooms/${id}/snapshots`);
      expect(list.status).toBe(200);
      expect(list.json<SnapshotMeta[]>()).toEqual([first, second]);
      for (const snapshot of [first, second]) {
        const one = await api('GET', `/api/rooms/${id}/snapshots/${snapshot.id}`);
        expect(one.status).toBe(200);
        expect(one.json<SnapshotMeta>()).toEqual(snapshot);
      }
    }
    // Nothing of the edit id leaks through the view id's answers.
    expect((await api('GET', `/api/rooms/${room.viewId}/snapshots`)).text).not.toContain(room.id);
  });

  it('lists no snapshots for a board that has none', async () => {
    const room = await running.createRoom();
    expect((await api('GET', `/api/rooms/${room.viewId}/snapshots`)).json()).toEqual([]);
  });

  it('serves the snapshot state as octet-stream that rebuilds the exact board, unchanged by later edits', async () => {
    const { room, client } = await boardWithContent();
    const snapshot = await takeSnapshot(room.id);
    const atSnapshot = canonicalState(client.doc);
    const vector = Y.encodeStateVector(client.doc);
    appendText(client.doc, 'sticky-1', ' today');
    client.doc.getMap('elements').delete('rect-1');
    await saved(client, room.id);

    for (const id of [room.id, room.viewId]) {
      const answer = await api('GET', `/api/rooms/${id}/snapshots/${snapshot.id}/state`);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/octet-stream');
      const doc = docOf(answer.bytes);
      expect(canonicalState(doc)).toBe(atSnapshot);
      expect(Y.encodeStateVector(doc)).toEqual(vector);
      doc.destroy();
    }
    expect(canonicalState(client.doc)).not.toBe(atSnapshot);
  });

  it('draws the snapshot as SVG with every valid element, skipping junk elements without failing', async () => {
    const { room, client } = await boardWithContent();
    const elements = client.doc.getMap<unknown>('elements');
    client.doc.transact(() => {
      // Anyone with the edit link can write anything: none of these may break the drawing.
      elements.set('junk-string', 'not an element');
      elements.set('junk-number', 42);
      const junk = (id: string, fields: Record<string, unknown>): void => {
        const map = new Y.Map<unknown>();
        for (const [key, value] of Object.entries(fields)) map.set(key, value);
        elements.set(id, map);
      };
      junk('junk-type', { type: 'hologram', x: 0, y: 0, w: 10, h: 10 });
      junk('junk-coords', { type: 'rect', x: 'left', y: 0, w: 10, h: 10 });
      junk('junk-size', { type: 'rect', x: 0, y: 0, w: -5, h: 1e12 });
      junk('junk-far', { type: 'ellipse', x: 1e300, y: 0, w: 10, h: 10 });
      junk('junk-text', { type: 'sticky', x: 0, y: 0, w: 10, h: 10, text: 17 });
      junk('junk-points', { type: 'stroke', x: 0, y: 0, points: new Y.Array<unknown>() });
      const odd = new Y.Array<unknown>();
      odd.push([1, 2, 3]);
      junk('junk-odd-points', { type: 'line', x: 0, y: 0, points: odd });
      const nanPoints = new Y.Array<unknown>();
      nanPoints.push([0, 0, 'x', 5]);
      junk('junk-nan-points', { type: 'arrow', x: 0, y: 0, points: nanPoints });
      junk('junk-colour', { type: 'rect', x: 0, y: 0, w: 10, h: 10, fill: 'url(javascript:alert(1))', stroke: '"><script>' });
    });
    await saved(client, room.id);
    const snapshot = await takeSnapshot(room.id);
    // The metadata counts entries of a known type without parsing them (rooms/summary.ts, so that
    // checkpoints stay cheap): 3 + the 8 junk entries with a known type. The drawing below has 4.
    expect(snapshot.elementCount).toBe(11);

    for (const id of [room.id, room.viewId]) {
      const answer = await api('GET', `/api/rooms/${id}/snapshots/${snapshot.id}/svg`);
      expect(answer.status).toBe(200);
      expect(answer.type).toContain('image/svg+xml');
      expect(answer.text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(answer.text.endsWith('</svg>')).toBe(true);
      for (const valid of ['sticky-1', 'stroke-1', 'rect-1', 'junk-colour']) {
        expect(answer.text).toContain(`data-element-id="${valid}"`);
      }
      const drawn = [...answer.text.matchAll(/data-element-id="([^"]*)"/g)].map((match) => match[1]);
      expect(drawn.sort()).toEqual(['junk-colour', 'rect-1', 'sticky-1', 'stroke-1']);
      expect(answer.text).toContain('>Ship it</text>');
      expect(answer.text).not.toContain('<script>');
      expect(answer.text).not.toContain('javascript:');
    }
    const thumbnail = await api('GET', `/api/rooms/${room.id}/snapshots/${snapshot.id}/svg?width=200`);
    expect(thumbnail.text).toMatch(/^<svg [^>]*width="200"/);
  });

  it('restores a snapshot as one new change that connected clients receive, keeping the whole history', async () => {
    const { room, client } = await boardWithContent();
    const snapshot = await takeSnapshot(room.id, 'good state');
    const snapshotState = canonicalState(client.doc);
    const watcher = track(await connectSynced(running.yjsUrl, room.viewId));

    clock += 60_000;
    appendText(client.doc, 'sticky-1', ' (maybe not)');
    client.doc.getMap('elements').delete('stroke-1');
    createElement(client.doc, null, { ...RECT, x: 900 }, 'rect-late');
    await saved(client, room.id);
    const beforeRestore = canonicalState(client.doc);
    const beforeAt = clock;
    const timesBefore = (await api('GET', `/api/rooms/${room.id}/history`)).json<{ times: string[] }>().times;

    clock += 60_000;
    const answer = await api('POST', `/api/rooms/${room.id}/snapshots/${snapshot.id}/restore`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json()).toEqual({ restored: true, changed: true, snapshot });

    // Both connected clients (an editor and a viewer) receive the restore.
    await waitFor('editor sees the restored board', () => canonicalState(client.doc) === snapshotState);
    await waitFor('viewer sees the restored board', () => canonicalState(watcher.doc) === snapshotState);
    expect(textOf(client.doc, 'sticky-1')).toBe('Ship it');
    expect(await storedState(room.id)).toBe(snapshotState);

    // Nothing was deleted from the history: the restore is one more entry, and the moment before it is still there.
    const timesAfter = (await api('GET', `/api/rooms/${room.id}/history`)).json<{ times: string[] }>().times;
    expect(timesAfter.slice(0, timesBefore.length)).toEqual(timesBefore);
    expect(timesAfter.slice(timesBefore.length)).toEqual([new Date(clock).toISOString()]);
    const past = await api('GET', `/api/rooms/${room.id}/history/state?at=${beforeAt}`);
    expect(canonicalOf(past.bytes)).toBe(beforeRestore);

    // Restoring the same snapshot again changes nothing.
    const again = await api('POST', `/api/rooms/${room.id}/snapshots/${snapshot.id}/restore`);
    expect(again.json()).toMatchObject({ restored: true, changed: false });
  });

  it('restores a snapshot of a board that is not open anywhere', async () => {
    const { room, client } = await boardWithContent();
    const snapshot = await takeSnapshot(room.id);
    const snapshotState = canonicalState(client.doc);
    client.doc.getMap('elements').delete('sticky-1');
    await saved(client, room.id);
    client.destroy();
    await waitFor('room unloaded', () => running.server.rooms.openRoomCount === 0);
    const answer = await api('POST', `/api/rooms/${room.id}/snapshots/${snapshot.id}/restore`);
    expect(answer.json()).toMatchObject({ restored: true, changed: true });
    await waitFor('room unloaded after the restore', () => running.server.rooms.openRoomCount === 0);
    expect(await storedState(room.id)).toBe(snapshotState);
    const reader = track(await connectSynced(running.yjsUrl, room.viewId));
    expect(canonicalState(reader.doc)).toBe(snapshotState);
  });

  it('forks a snapshot into a new board (201, new ids), leaving the original untouched', async () => {
    const { room, client } = await boardWithContent('Retro');
    const snapshot = await takeSnapshot(room.id);
    const snapshotElements = canonicalElements(client.doc);
    appendText(client.doc, 'sticky-1', ' later');
    await saved(client, room.id);
    const original = canonicalState(client.doc);

    // The view id may fork: a copy does not change the board it came from.
    const answer = await api('POST', `/api/rooms/${room.viewId}/snapshots/${snapshot.id}/fork`);
    expect(answer.status, answer.text).toBe(201);
    const fork = answer.json<CreatedRoom>();
    expect(Object.keys(fork).sort()).toEqual(['id', 'ownerKey', 'url', 'viewId', 'viewUrl']);
    for (const key of ['id', 'viewId', 'ownerKey'] as const) expect(fork[key]).toMatch(ROOM_ID_PATTERN);
    expect(new Set([fork.id, fork.viewId, room.id, room.viewId, room.ownerKey, fork.ownerKey]).size).toBe(6);
    expect(fork.url).toBe(`${running.httpUrl}/b/${fork.id}`);
    expect(fork.viewUrl).toBe(`${running.httpUrl}/v/${fork.viewId}`);

    const info = (await api('GET', `/api/rooms/${fork.id}`)).json();
    expect(info).toMatchObject({ id: fork.id, viewId: fork.viewId, title: 'Retro (copy)', elementCount: 3 });
    const copy = track(await connectSynced(running.yjsUrl, fork.id));
    expect(canonicalElements(copy.doc)).toBe(snapshotElements);
    expect(copy.doc.getMap('meta').get('title')).toBe('Retro (copy)');

    // Editing the fork leaves the original alone.
    appendText(copy.doc, 'sticky-1', ' in the copy');
    copy.doc.getMap('elements').delete('rect-1');
    await saved(copy, fork.id);
    expect(await storedState(room.id)).toBe(original);
    expect(canonicalState(client.doc)).toBe(original);
    expect((await api('GET', `/api/rooms/${room.id}/snapshots`)).json<SnapshotMeta[]>()).toEqual([snapshot]);
    expect((await api('GET', `/api/rooms/${fork.id}/snapshots`)).json()).toEqual([]);
  });

  it('deletes a snapshot only with the owner key: 401 without, 403 with a wrong one, 204, then 404', async () => {
    const { room } = await boardWithContent();
    const other = await running.createRoom();
    const keep = await takeSnapshot(room.id, 'keep');
    const doomed = await takeSnapshot(room.id, 'doomed');
    const url = `/api/rooms/${room.id}/snapshots/${doomed.id}`;

    expectError(await api('DELETE', url), 401, /owner key/);
    expectError(await api('DELETE', url, { headers: { authorization: `Basic ${room.ownerKey}` } }), 401);
    expectError(await api('DELETE', url, { headers: { authorization: `Bearer ${other.ownerKey}` } }), 403, /wrong owner key/);
    expectError(await api('DELETE', url, { headers: { authorization: 'Bearer ' } }), 401);
    expect((await api('GET', url)).status).toBe(200);

    const deleted = await api('DELETE', url, { headers: { authorization: `Bearer ${room.ownerKey}` } });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    // The view id with the owner key works too: the key is what proves the host.
    const viaView = await api('DELETE', `/api/rooms/${room.viewId}/snapshots/${doomed.id}`, {
      headers: { authorization: `Bearer ${room.ownerKey}` },
    });
    expectError(viaView, 404, /unknown snapshot/);
    expectError(await api('GET', url), 404, /unknown snapshot/);
    expectError(await api('GET', `${url}/state`), 404);
    expectError(await api('DELETE', url, { headers: { authorization: `Bearer ${room.ownerKey}` } }), 404);
    expect((await api('GET', `/api/rooms/${room.id}/snapshots`)).json()).toEqual([keep]);
  });

  describe('wrong ids and wrong capability', () => {
    let room: CreatedRoom;
    let otherRoom: CreatedRoom;
    let snapshot: SnapshotMeta;
    let otherSnapshot: SnapshotMeta;

    beforeAll(async () => {
      ({ room } = await boardWithContent());
      ({ room: otherRoom } = await boardWithContent());
      snapshot = await takeSnapshot(room.id);
      otherSnapshot = await takeSnapshot(otherRoom.id);
    });

    const snapshotCalls: [string, string, string][] = [
      ['GET', '', 'metadata'],
      ['GET', '/state', 'state'],
      ['GET', '/svg', 'svg'],
      ['POST', '/restore', 'restore'],
      ['POST', '/fork', 'fork'],
      ['DELETE', '', 'delete'],
    ];

    it.each(['bad!id', 'short', 'x'.repeat(65), '%20'.repeat(20)])('answers 400 to the malformed room id %j', async (bad) => {
      expectError(await api('GET', `/api/rooms/${bad}/snapshots`), 400, /invalid room id/);
      expectError(await api('POST', `/api/rooms/${bad}/snapshots`), 400, /invalid room id/);
      expectError(await api('GET', `/api/rooms/${bad}/snapshots/${snapshot.id}`), 400, /invalid room id/);
      expectError(await api('GET', `/api/rooms/${bad}/sessions`), 400, /invalid room id/);
      expectError(await api('GET', `/api/rooms/${bad}/history`), 400, /invalid room id/);
      expectError(await api('GET', `/api/rooms/${bad}/export.json`), 400, /invalid room id/);
    });

    it('answers 404 to an unknown room id', async () => {
      expectError(await api('GET', `/api/rooms/${UNKNOWN_ID}/snapshots`), 404, /unknown room/);
      expectError(await api('POST', `/api/rooms/${UNKNOWN_ID}/snapshots`), 404, /unknown room/);
      for (const [method, suffix] of snapshotCalls) {
        expectError(await api(method, `/api/rooms/${UNKNOWN_ID}/snapshots/${snapshot.id}${suffix}`), 404, /unknown room/);
      }
      for (const suffix of ['sessions', 'history', 'history/state?at=0', 'history/svg?at=0', 'export.json', 'export.svg']) {
        expectError(await api('GET', `/api/rooms/${UNKNOWN_ID}/${suffix}`), 404, /unknown room/);
      }
    });

    it.each(snapshotCalls)('%s <snapshot>%s: 400 for a malformed snapshot id, 404 for an unknown one or another room\'s', async (method, suffix) => {
      const owner = { authorization: `Bearer ${room.ownerKey}` };
      for (const bad of ['no!', 'tiny', 'y'.repeat(65)]) {
        expectError(await api(method, `/api/rooms/${room.id}/snapshots/${bad}${suffix}`, { headers: owner }), 400, /invalid snapshot id/);
      }
      for (const missing of [UNKNOWN_ID, otherSnapshot.id]) {
        expectError(await api(method, `/api/rooms/${room.id}/snapshots/${missing}${suffix}`, { headers: owner }), 404, /unknown snapshot/);
      }
      // Another room's snapshot stays there, untouched.
      expect((await api('GET', `/api/rooms/${otherRoom.id}/snapshots/${otherSnapshot.id}`)).status).toBe(200);
    });

    it('refuses the view id creating or restoring with 403, and changes nothing', async () => {
      const before = await storedState(room.id);
      const create = await api('POST', `/api/rooms/${room.viewId}/snapshots`, { body: { name: 'sneaky' } });
      expectError(create, 403, /edit link/);
      const restore = await api('POST', `/api/rooms/${room.viewId}/snapshots/${snapshot.id}/restore`);
      expectError(restore, 403, /edit link/);
      expectError(await api('POST', `/api/rooms/${room.viewId}/history/restore`, { body: { at: clock } }), 403, /edit link/);
      expect((await api('GET', `/api/rooms/${room.id}/snapshots`)).json()).toEqual([snapshot]);
      expect(await storedState(room.id)).toBe(before);
    });

    it('lets the view id list, get, read the state and svg of, and fork snapshots', async () => {
      const base = `/api/rooms/${room.viewId}/snapshots`;
      expect((await api('GET', base)).status).toBe(200);
      expect((await api('GET', `${base}/${snapshot.id}`)).status).toBe(200);
      expect((await api('GET', `${base}/${snapshot.id}/state`)).status).toBe(200);
      expect((await api('GET', `${base}/${snapshot.id}/svg`)).status).toBe(200);
      expect((await api('POST', `${base}/${snapshot.id}/fork`)).status).toBe(201);
      expect((await api('POST', `/api/rooms/${room.viewId}/history/fork`, { body: { at: clock } })).status).toBe(201);
    });
  });
});

describe('sessions', () => {
  /** A client that shows `name` in its awareness from its first message on. */
  async function joinAs(accessId: string, name: string): Promise<YClient> {
    const client = track(connectClient(running.yjsUrl, accessId, { connect: false }));
    client.provider.awareness.setLocalStateField('user', { name });
    client.provider.connect();
    await waitFor(`${name} synced`, () => client.provider.synced);
    return client;
  }

  async function sessionsOf(id: string): Promise<SessionMeta[]> {
    const answer = await api('GET', `/api/rooms/${id}/sessions`);
    expect(answer.status).toBe(200);
    return answer.json<SessionMeta[]>();
  }

  async function leaveAll(roomsOpenBefore = 0): Promise<void> {
    for (const client of clients.splice(0)) client.destroy();
    await waitFor('rooms unloaded', () => running.server.rooms.openRoomCount === roomsOpenBefore);
  }

  it('records a session with its participants and takes an automatic snapshot when it had edits', async () => {
    const room = await running.createRoom('Tuesday workshop');
    await leaveAll();
    const startedAt = clock;
    const ada = await joinAs(room.id, 'Ada');
    const grace = await joinAs(room.viewId, 'Grace');
    await waitFor('both names seen', async () => (await sessionsOf(room.id))[0] !== undefined && ada.provider.awareness.getStates().size === 2);
    expect(grace.provider.awareness.getStates().size).toBe(2);
    const ongoing = await sessionsOf(room.viewId);
    expect(ongoing).toHaveLength(1);
    expect(ongoing[0]).toMatchObject({ startedAt: new Date(startedAt).toISOString(), endedAt: null, autoSnapshotId: null });

    clock += 5 * 60_000;
    createElement(ada.doc, null, STICKY, 'note');
    appendText(ada.doc, 'note', '!');
    await saved(ada, room.id);
    const state = canonicalState(ada.doc);
    clock += 60_000;
    const endedAt = clock;
    await leaveAll();

    const [session] = await waitFor('session ended', async () => {
      const sessions = await sessionsOf(room.id);
      return sessions[0]?.endedAt ? sessions : null;
    });
    expect(session).toBeDefined();
    expect(Object.keys(session!).sort()).toEqual(['autoSnapshotId', 'endedAt', 'id', 'participants', 'startedAt']);
    expect(session!.startedAt).toBe(new Date(startedAt).toISOString());
    expect(session!.endedAt).toBe(new Date(endedAt).toISOString());
    expect([...session!.participants].sort()).toEqual(['Ada', 'Grace']);
    expect(session!.autoSnapshotId).toMatch(ROOM_ID_PATTERN);

    const snapshots = (await api('GET', `/api/rooms/${room.viewId}/snapshots`)).json<SnapshotMeta[]>();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ id: session!.autoSnapshotId, auto: true, elementCount: 1 });
    expect(snapshots[0]!.name).toContain('Session');
    const autoState = await api('GET', `/api/rooms/${room.id}/snapshots/${session!.autoSnapshotId!}/state`);
    expect(canonicalOf(autoState.bytes)).toBe(state);
  });

  it('takes no automatic snapshot for a session without edits, nor when nothing changed since the last snapshot', async () => {
    const room = await running.createRoom();
    await leaveAll();
    // 1: a session that only looks.
    await joinAs(room.id, 'Lurker');
    await leaveAll();
    const [quiet] = await waitFor('first session ended', async () => {
      const sessions = await sessionsOf(room.id);
      return sessions[0]?.endedAt ? sessions : null;
    });
    expect(quiet).toMatchObject({ participants: ['Lurker'], autoSnapshotId: null });
    expect((await api('GET', `/api/rooms/${room.id}/snapshots`)).json()).toEqual([]);

    // 2: edits, then a named snapshot of everything: the session end has nothing new to keep.
    clock += 60_000;
    const writer = await joinAs(room.id, 'Writer');
    createElement(writer.doc, null, RECT, 'r');
    await saved(writer, room.id);
    const named = await takeSnapshot(room.id, 'by hand');
    await leaveAll();
    const sessions = await waitFor('second session ended', async () => {
      const list = await sessionsOf(room.id);
      return list.length === 2 && list[0]?.endedAt ? list : null;
    });
    // Newest first.
    expect(sessions[0]).toMatchObject({ participants: ['Writer'], autoSnapshotId: null });
    expect(sessions[1]!.id).toBe(quiet!.id);
    expect((await api('GET', `/api/rooms/${room.id}/snapshots`)).json()).toEqual([named]);
  });
});

describe('history', () => {
  interface Timeline {
    room: CreatedRoom;
    client: YClient;
    /** Times at which each step was written, and the board after it. */
    steps: { at: number; state: string; elements: string }[];
  }

  /** Three steps two minutes apart: add A; add B; type into A. */
  async function timeline(): Promise<Timeline> {
    const room = await running.createRoom('Timeline');
    const client = track(await connectSynced(running.yjsUrl, room.id));
    const steps: Timeline['steps'] = [];
    const step = async (write: () => void): Promise<void> => {
      clock += 2 * 60_000;
      write();
      await saved(client, room.id);
      steps.push({ at: clock, state: canonicalState(client.doc), elements: canonicalElements(client.doc) });
    };
    await step(() => createElement(client.doc, null, STICKY, 'A'));
    await step(() => createElement(client.doc, null, RECT, 'B'));
    await step(() => appendText(client.doc, 'A', ' now'));
    return { room, client, steps };
  }

  it('lists the times the board changed and gives its state and drawing at any past moment', async () => {
    const { room, steps } = await timeline();
    const times = (await api('GET', `/api/rooms/${room.viewId}/history`)).json<{ times: string[] }>().times;
    // Creation (on the real clock, which is behind the test clock), then the three steps.
    expect(times).toHaveLength(4);
    expect(times.slice(1)).toEqual(steps.map((s) => new Date(s.at).toISOString()));
    expect(Date.parse(times[0]!)).toBeLessThan(steps[0]!.at);

    for (const [i, s] of steps.entries()) {
      // Exactly at the step, and a minute later (still before the next one), as ms and as ISO 8601.
      for (const at of [String(s.at), new Date(s.at + 60_000).toISOString()]) {
        const answer = await api('GET', `/api/rooms/${room.viewId}/history/state?at=${encodeURIComponent(at)}`);
        expect(answer.status).toBe(200);
        expect(answer.type).toBe('application/octet-stream');
        expect(canonicalOf(answer.bytes), `step ${i} at ${at}`).toBe(s.state);
      }
    }
    // Before the first step: the empty board as created.
    const before = await api('GET', `/api/rooms/${room.id}/history/state?at=${steps[0]!.at - 1}`);
    expect(docOf(before.bytes).getMap('elements').size).toBe(0);

    const svgAtFirst = await api('GET', `/api/rooms/${room.viewId}/history/svg?at=${steps[0]!.at}`);
    expect(svgAtFirst.status).toBe(200);
    expect(svgAtFirst.type).toContain('image/svg+xml');
    expect(svgAtFirst.text).toContain('data-element-id="A"');
    expect(svgAtFirst.text).not.toContain('data-element-id="B"');
    const svgAtLast = await api('GET', `/api/rooms/${room.viewId}/history/svg?at=${steps[2]!.at}`);
    expect(svgAtLast.text).toContain('data-element-id="B"');
    expect(svgAtLast.text).toContain('>Ship it now</text>');
  });

  it('restores a past moment for everyone connected, as a new change', async () => {
    const { room, client, steps } = await timeline();
    const watcher = track(await connectSynced(running.yjsUrl, room.viewId));
    clock += 60_000;
    const answer = await api('POST', `/api/rooms/${room.id}/history/restore`, { body: { at: new Date(steps[0]!.at).toISOString() } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json()).toEqual({ restored: true, changed: true });
    await waitFor('editor back at step 1', () => canonicalState(client.doc) === steps[0]!.state);
    await waitFor('viewer back at step 1', () => canonicalState(watcher.doc) === steps[0]!.state);
    // The later steps are still in the history, and the restore is its newest entry.
    const atLast = await api('GET', `/api/rooms/${room.id}/history/state?at=${steps[2]!.at}`);
    expect(canonicalOf(atLast.bytes)).toBe(steps[2]!.state);
    const times = (await api('GET', `/api/rooms/${room.id}/history`)).json<{ times: string[] }>().times;
    expect(times.at(-1)).toBe(new Date(clock).toISOString());
    // And restoring the last step brings it all back (a number works as well as a string).
    const redo = await api('POST', `/api/rooms/${room.id}/history/restore`, { body: { at: steps[2]!.at } });
    expect(redo.json()).toEqual({ restored: true, changed: true });
    await waitFor('editor back at step 3', () => canonicalState(client.doc) === steps[2]!.state);
  });

  it('forks a past moment into a new board', async () => {
    const { room, client, steps } = await timeline();
    const current = canonicalState(client.doc);
    const answer = await api('POST', `/api/rooms/${room.viewId}/history/fork`, { body: { at: String(steps[1]!.at) } });
    expect(answer.status, answer.text).toBe(201);
    const fork = answer.json<CreatedRoom>();
    expect(fork.id).toMatch(ROOM_ID_PATTERN);
    const copy = track(await connectSynced(running.yjsUrl, fork.viewId));
    expect(canonicalElements(copy.doc)).toBe(steps[1]!.elements);
    expect((await api('GET', `/api/rooms/${fork.id}`)).json()).toMatchObject({ title: 'Timeline (copy)', elementCount: 2 });
    expect(await storedState(room.id)).toBe(current);
  });

  it.each([
    ['no "at"', ''],
    ['an empty "at"', '?at='],
    ['a word', '?at=yesterday'],
    ['a negative time', '?at=-5'],
    ['a malformed date', '?at=2026-13-45T99:00:00Z'],
    ['a time past the end of dates', '?at=9e99'],
    // Date.parse alone would read these as dates in 2001.
    ['a loose date', '?at=March%207'],
    ['a time without a zone (it would depend on the server\'s)', '?at=2026-01-05T10:00:00'],
  ])('answers 400 to %s when reading the state or the drawing', async (_what, query) => {
    const room = await running.createRoom();
    for (const path of ['history/state', 'history/svg']) {
      expectError(await api('GET', `/api/rooms/${room.viewId}/${path}${query}`), 400, /at/);
    }
  });

  it('reads "at" as ms since epoch or as ISO 8601 with a zone, or a plain date (UTC midnight)', async () => {
    const { room, steps } = await timeline();
    const first = steps[0]!.at;
    const iso = new Date(first).toISOString();
    const forms = [String(first), iso, iso.replace('Z', '+00:00'), new Date(first + 3_600_000).toISOString().replace('Z', '+01:00'), iso.slice(0, 16) + 'Z'];
    for (const at of forms) {
      const answer = await api('GET', `/api/rooms/${room.id}/history/state?at=${encodeURIComponent(at)}`);
      expect(answer.status, at).toBe(200);
      expect(canonicalOf(answer.bytes), at).toBe(steps[0]!.state);
    }
    // A plain date is that day's start in UTC; the day before the first step began before the board existed.
    const dayBefore = new Date(first - 86_400_000).toISOString().slice(0, 10);
    const day = await api('GET', `/api/rooms/${room.id}/history/state?at=${dayBefore}`);
    expect(day.status).toBe(200);
    expect(docOf(day.bytes).getMap('elements').size).toBe(0);
  });

  it.each([
    ['no body', undefined],
    ['no "at"', {}],
    ['a word', { at: 'soon' }],
    ['a negative time', { at: -5 }],
    ['a boolean', { at: true }],
    ['a fraction', { at: 1.5 }],
    ['null', { at: null }],
  ])('answers 400 to %s when restoring or forking a past moment', async (_what, body) => {
    const room = await running.createRoom();
    for (const path of ['history/restore', 'history/fork']) {
      expectError(await api('POST', `/api/rooms/${room.id}/${path}`, body === undefined ? {} : { body }), 400);
    }
  });
});

describe('export and import', () => {
  /** A board with every kind of element, a long note and a rotated shape. */
  async function richBoard(): Promise<{ room: CreatedRoom; client: YClient }> {
    const { room, client } = await boardWithContent('Export me');
    createElement(client.doc, null, { type: 'ellipse', x: -50, y: -60, w: 30, h: 40, rotation: 0.5 }, 'ellipse-1');
    createElement(client.doc, null, { type: 'line', x: 5, y: 5, points: [0, 0, 100, 0] }, 'line-1');
    createElement(client.doc, null, { type: 'arrow', x: 5, y: 50, points: [0, 0, 60, 30], stroke: '#e03131' }, 'arrow-1');
    createElement(client.doc, null, { type: 'text', x: 400, y: 400, w: 300, h: 40, text: 'A "quoted" <title> & more\nsecond line' }, 'text-1');
    createElement(client.doc, null, { type: 'sticky', x: 700, y: 0, w: 200, h: 200, text: 'long '.repeat(2000) }, 'sticky-long');
    await saved(client, room.id);
    return { room, client };
  }

  /** Element data as a person compares boards: without ids, creation times and stacking keys, in drawing order. */
  function comparable(board: ExportedBoard): Omit<ElementData, 'createdAt' | 'z'>[] {
    return board.elements.map(({ id: _id, createdAt: _createdAt, z: _z, ...rest }) => rest);
  }

  it('exports the board as versioned JSON with plain text and points', async () => {
    const { room } = await richBoard();
    const answer = await api('GET', `/api/rooms/${room.viewId}/export.json`);
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('application/json');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="Export me.json"');
    const board = answer.json<ExportedBoard>();
    expect(board).toMatchObject({ format: 'idea-board', version: 1, title: 'Export me' });
    expect(Date.parse(board.exportedAt)).not.toBeNaN();
    expect(board.elements.map((e) => e.id)).toEqual(['sticky-1', 'stroke-1', 'rect-1', 'ellipse-1', 'line-1', 'arrow-1', 'text-1', 'sticky-long']);
    const byId = new Map(board.elements.map((e) => [e.id, e]));
    expect(byId.get('sticky-1')).toMatchObject({ type: 'sticky', x: 0, y: 0, w: 200, h: 200, text: 'Ship it', fill: '#ffe066' });
    expect(byId.get('stroke-1')).toMatchObject({ type: 'stroke', x: 10, y: 20, points: [0, 0, 4, 2, 8, 8], strokeWidth: 2 });
    expect(byId.get('text-1')!.text).toBe('A "quoted" <title> & more\nsecond line');
    expect(byId.get('ellipse-1')!.rotation).toBe(0.5);
    expect(typeof byId.get('sticky-1')!.createdAt).toBe('number');
  });

  it('exports the board as SVG', async () => {
    const { room } = await richBoard();
    const answer = await api('GET', `/api/rooms/${room.id}/export.svg`);
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('image/svg+xml');
    expect(answer.text).toContain('<title>Export me</title>');
    const drawn = [...answer.text.matchAll(/data-element-id="([^"]*)"/g)].map((match) => match[1]);
    expect(drawn).toEqual(['sticky-1', 'stroke-1', 'rect-1', 'ellipse-1', 'line-1', 'arrow-1', 'text-1', 'sticky-long']);
    expect(answer.text).toContain('&quot;quoted&quot; &lt;title&gt; &amp; more');
  });

  it('imports an exported board into an equal new board (also above the plain JSON body limit)', async () => {
    const { room } = await richBoard();
    const exported = (await api('GET', `/api/rooms/${room.id}/export.json`)).json<ExportedBoard>();
    const body = JSON.stringify(exported);
    expect(body.length).toBeGreaterThan(JSON_LIMIT);
    expect(body.length).toBeLessThan(IMPORT_LIMIT);

    const answer = await api('POST', '/api/rooms', { rawBody: body });
    expect(answer.status, answer.text).toBe(201);
    const imported = answer.json<CreatedRoom>();
    expect(Object.keys(imported).sort()).toEqual(['id', 'ownerKey', 'url', 'viewId', 'viewUrl']);
    expect(imported.id).not.toBe(room.id);
    const info = (await api('GET', `/api/rooms/${imported.id}`)).json();
    expect(info).toMatchObject({ title: 'Export me', elementCount: 8 });

    const again = (await api('GET', `/api/rooms/${imported.id}/export.json`)).json<ExportedBoard>();
    expect(again.title).toBe(exported.title);
    expect(comparable(again)).toEqual(comparable(exported));
    // The import draws in the same order as the original (z keys are new but ordered alike).
    expect(again.elements.map((e) => e.z)).toEqual([...again.elements.map((e) => e.z)].sort());
    // A stock client sees the imported content, text as collaborative text.
    const client = track(await connectSynced(running.yjsUrl, imported.id));
    expect(client.doc.getMap('elements').size).toBe(8);
  });

  it('imports a file written by another program, ignoring unknown fields and defaulting the title', async () => {
    const answer = await api('POST', '/api/rooms', {
      body: {
        format: 'idea-board',
        version: 1,
        generator: 'some script',
        elements: [
          { type: 'sticky', x: 1, y: 2, w: 100, h: 100, text: 'hello', mood: 'great' },
          { type: 'rect', x: 0, y: 0, w: 10, h: 10 },
        ],
      },
    });
    expect(answer.status, answer.text).toBe(201);
    const board = (await api('GET', `/api/rooms/${answer.json<CreatedRoom>().id}/export.json`)).json<ExportedBoard>();
    expect(board.title).toBe('Imported board');
    expect(board.elements.map((e) => [e.type, e.text])).toEqual([
      ['sticky', 'hello'],
      ['rect', undefined],
    ]);
    expect(board.elements[0]).not.toHaveProperty('mood');
  });

  const valid = { type: 'rect', x: 0, y: 0, w: 10, h: 10 };
  const envelope = (elements: unknown, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ format: 'idea-board', version: 1, title: 'Bad', elements, ...extra });

  it.each([
    ['a wrong format', JSON.stringify({ format: 'excalidraw', version: 1, elements: [] }), /"format" must be "idea-board"/],
    ['no format but elements', JSON.stringify({ elements: [] }), /"format" must be "idea-board"/],
    ['a newer version', JSON.stringify({ format: 'idea-board', version: 2, elements: [] }), /unsupported "version" 2/],
    ['a version as a string', JSON.stringify({ format: 'idea-board', version: '1', elements: [] }), /unsupported "version" "1"/],
    ['elements that are not an array', envelope({ 0: valid }), /"elements" must be an array/],
    ['a title that is not a string', envelope([], { title: 7 }), /"title" must be a string/],
    ['elements[3] that is not an object', envelope([valid, valid, valid, 'rect']), /elements\[3\] is not an object/],
    ['elements[3] of an unknown type', envelope([valid, valid, valid, { ...valid, type: 'hologram' }]), /elements\[3\] has an unknown type "hologram"/],
    ['elements[3] with a negative size', envelope([valid, valid, valid, { ...valid, w: -1 }]), /elements\[3\] needs "w" and "h" between 0 and 1e6/],
    ['a text over 20,000 characters', envelope([{ type: 'sticky', x: 0, y: 0, w: 10, h: 10, text: 'x'.repeat(20_001) }]), /elements\[0\] .*"text" \(at most 20,000 characters\)/],
    ['a sticky without text', envelope([{ type: 'sticky', x: 0, y: 0, w: 10, h: 10 }]), /elements\[0\] .*"text"/],
    ['an odd number of points', envelope([{ type: 'stroke', x: 0, y: 0, points: [1, 2, 3] }]), /elements\[0\] needs "points"/],
    ['a point that is not a number', envelope([{ type: 'line', x: 0, y: 0, points: [1, 2, 'x', 4] }]), /elements\[0\] needs "points"/],
    ['a coordinate that is a string', envelope([{ ...valid, x: '12' }]), /elements\[0\] needs a finite number "x"/],
    // JSON cannot carry NaN or Infinity, but 1e400 parses as Infinity.
    ['an infinite coordinate (1e400)', envelope([valid]).replace('"x":0', '"x":1e400'), /elements\[0\] needs a finite number "x"/],
    ['an infinite point (-1e400)', envelope([{ type: 'stroke', x: 0, y: 0, points: [0, 0, 1, 1] }]).replace('[0,0,1,1]', '[0,0,1,-1e400]'), /elements\[0\] needs "points"/],
    ['a huge coordinate (1e300)', envelope([valid, { type: 'sticky', x: 0, y: 1e300, w: 10, h: 10, text: '' }]), /elements\[1\] needs a finite number "y" within ±1e7/],
  ])('refuses an import with %s: 400 saying what is wrong, and where', async (_what, body, message) => {
    const roomsBefore = await countRooms();
    expectError(await api('POST', '/api/rooms', { rawBody: body }), 400, new RegExp(`^invalid import: ${message.source}`));
    expect(await countRooms()).toBe(roomsBefore);
  });

  it('refuses a literal NaN (not JSON) with a 400', async () => {
    const body = envelope([valid]).replace('"x":0', '"x":NaN');
    expectError(await api('POST', '/api/rooms', { rawBody: body }), 400);
  });

  it('refuses an import over MAX_IMPORT_BYTES with 413, and a plain creation over the JSON limit too', async () => {
    const big = envelope([{ type: 'sticky', x: 0, y: 0, w: 10, h: 10, text: 'x'.repeat(10_000) }]);
    const elements = Array.from({ length: 8 }, () => ({ type: 'sticky', x: 0, y: 0, w: 10, h: 10, text: 'x'.repeat(10_000) }));
    const oversized = envelope(elements);
    expect(oversized.length).toBeGreaterThan(IMPORT_LIMIT);
    expectError(await api('POST', '/api/rooms', { rawBody: oversized }), 413);
    expect((await api('POST', '/api/rooms', { rawBody: big })).status).toBe(201);
    expectError(await api('POST', '/api/rooms', { body: { title: 'x', pad: 'y'.repeat(JSON_LIMIT) } }), 413);
  });

  /** Rooms in the store: a refused import must create none. The Store interface has no count, so this reads SqliteStore's database. */
  async function countRooms(): Promise<number> {
    const store = running.server.store as unknown as { db?: { prepare(sql: string): { get(): { n: number } } } };
    if (!store.db) throw new Error('countRooms needs the SQLite store');
    return store.db.prepare('SELECT COUNT(*) AS n FROM rooms').get().n;
  }
});
