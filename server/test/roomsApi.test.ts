import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_ID_PATTERN } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { addSticky, connectSynced } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

let running: RunningServer;
let clientDir: string;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Idea board</title><div id="app"></div>');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("app")');
  running = await startServer({ CLIENT_DIR: clientDir, MAX_JSON_BODY_BYTES: '4096' });
});

afterAll(async () => {
  await running.stop();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

async function api(method: string, url: string, body?: string, contentType = 'application/json') {
  const response = await fetch(`${running.httpUrl}${url}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': contentType } }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('POST /api/rooms', () => {
  it('creates a room with distinct unguessable edit id, view id and owner key', async () => {
    const response = await api('POST', '/api/rooms', JSON.stringify({ title: 'Retro' }));
    expect(response.status).toBe(201);
    const room = response.json();
    expect(Object.keys(room).sort()).toEqual(['id', 'ownerKey', 'url', 'viewId', 'viewUrl']);
    for (const key of ['id', 'viewId', 'ownerKey'] as const) {
      expect(room[key]).toMatch(ROOM_ID_PATTERN);
      // base64url: 6 bits per character, at least 120 random bits
      expect((room[key] as string).length * 6).toBeGreaterThanOrEqual(120);
    }
    expect(new Set([room.id, room.viewId, room.ownerKey]).size).toBe(3);
    expect(room.url).toBe(`${running.httpUrl.replace('127.0.0.1', '127.0.0.1')}/b/${String(room.id)}`);
    expect(room.viewUrl).toBe(`${running.httpUrl}/v/${String(room.viewId)}`);
  });

  it('accepts no body at all and names the board "Untitled board"', async () => {
    const created = await api('POST', '/api/rooms');
    expect(created.status).toBe(201);
    const info = await api('GET', `/api/rooms/${String(created.json().id)}`);
    expect(info.json().title).toBe('Untitled board');
  });

  it.each([
    ['malformed JSON', '{"title": ', 400],
    ['a title that is not a string', '{"title": 42}', 400],
    ['a title over 200 characters', JSON.stringify({ title: 'x'.repeat(201) }), 400],
    ['a body over the JSON limit', JSON.stringify({ title: 'x', pad: 'y'.repeat(8000) }), 413],
  ])('answers %s with the right 4xx and a JSON error', async (_what, body, status) => {
    const response = await api('POST', '/api/rooms', body);
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/json');
    const error = response.json();
    expect(Object.keys(error)).toEqual(['error']);
    expect(typeof error.error).toBe('string');
    expect(response.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers 413 to a plain creation over the JSON limit sent in chunks, without a content-length', async () => {
    const chunks = [JSON.stringify({ title: 'x', pad: 'y'.repeat(3000) }).slice(0, -1), `, "more": "${'z'.repeat(3000)}"}`];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const response = await fetch(`${running.httpUrl}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(response.status).toBe(413);
    expect(Object.keys((await response.json()) as object)).toEqual(['error']);
  });
});

describe('GET /api/rooms/<id>', () => {
  it('describes the room; only the edit id reveals the edit id', async () => {
    const room = (await api('POST', '/api/rooms', JSON.stringify({ title: 'Study circle' }))).json();
    const byEdit = (await api('GET', `/api/rooms/${String(room.id)}`)).json();
    expect(byEdit).toMatchObject({ id: room.id, viewId: room.viewId, title: 'Study circle', elementCount: 0 });
    expect(Date.parse(String(byEdit.createdAt))).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(String(byEdit.updatedAt))).toBeGreaterThanOrEqual(Date.parse(String(byEdit.createdAt)));
    const byView = await api('GET', `/api/rooms/${String(room.viewId)}`);
    expect(byView.json()).toMatchObject({ viewId: room.viewId, title: 'Study circle' });
    expect(byView.json()).not.toHaveProperty('id');
    expect(byView.text).not.toContain(String(room.id));
    expect(byView.text).not.toContain(String(room.ownerKey));
  });

  it('counts elements live while open and from the checkpoint after the room unloads', async () => {
    const room = (await api('POST', '/api/rooms', '{}')).json();
    const client = await connectSynced(running.yjsUrl, String(room.id));
    addSticky(client.doc, 'a', 'one');
    addSticky(client.doc, 'b', 'two');
    await waitFor('live count is 2', async () => (await api('GET', `/api/rooms/${String(room.id)}`)).json().elementCount === 2);
    client.destroy();
    await waitFor('room unloaded', () => running.server.rooms.openRoomCount === 0);
    expect((await api('GET', `/api/rooms/${String(room.viewId)}`)).json().elementCount).toBe(2);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const malformed = await api('GET', '/api/rooms/not..valid');
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toEqual({ error: 'invalid room id' });
    const unknown = await api('GET', `/api/rooms/${'Z'.repeat(40)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: 'unknown room' });
  });
});

describe('pages, health and metrics', () => {
  it.each(['/', '/b/abcdefghijklmnopqrstuv', '/v/abcdefghijklmnopqrstuv'])('serves the client for %s', async (url) => {
    const response = await api('GET', url);
    expect(response.status).toBe(200);
    expect(response.type).toContain('text/html');
    expect(response.text).toContain('<div id="app">');
  });

  it('serves client assets and answers unknown paths with a JSON 404', async () => {
    expect((await api('GET', '/assets/app.js')).text).toContain('console.log');
    const missing = await api('GET', '/nothing/here');
    expect(missing.status).toBe(404);
    expect(missing.json().error).toContain('/nothing/here');
  });

  it('reports health and Prometheus metrics', async () => {
    expect((await api('GET', '/healthz')).json()).toEqual({ ok: true });
    const metrics = await api('GET', '/metrics');
    expect(metrics.type).toContain('text/plain');
    expect(metrics.text).toContain('board_websocket_connections');
    // Process metrics too, the event-loop lag among them (sampled every 100 ms, see metrics.ts).
    expect(metrics.text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(metrics.text).toContain('board_rooms_open');
  });
});
