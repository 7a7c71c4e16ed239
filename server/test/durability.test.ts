import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@idea-board/shared';
import { createRoomAt, spawnServer, type ChildServer } from './helpers/childServer.js';
import { tempDataDir } from './helpers/testServer.js';
import { connectClient, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

const N = 300;
const clients: YClient[] = [];
const servers: ChildServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) {
    if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
    await server.exited;
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<ChildServer> {
  const server = await spawnServer(dataDir);
  servers.push(server);
  return server;
}

/** A writer appends N stroke points, one update each; an observer watches them arrive. */
async function writeWhileObserved(server: ChildServer, roomId: string): Promise<{ writer: YClient; observer: YClient }> {
  const writer = await connectSynced(server.yjsUrl, roomId);
  const observer = await connectSynced(server.yjsUrl, roomId);
  clients.push(writer, observer);
  const points = new Y.Array<number>();
  writer.doc.transact(() => {
    const stroke = new Y.Map<unknown>();
    stroke.set('type', 'stroke');
    stroke.set('x', 0);
    stroke.set('y', 0);
    stroke.set('points', points);
    writer.doc.getMap('elements').set('stroke-1', stroke);
  });
  for (let i = 1; i < N; i++) points.push([i, i * 2]);
  return { writer, observer };
}

function pointCount(doc: Y.Doc): number {
  const stroke = doc.getMap('elements').get('stroke-1') as Y.Map<unknown> | undefined;
  return ((stroke?.get('points') as Y.Array<number> | undefined)?.length ?? 0) / 2;
}

describe('durability', () => {
  it('loses nothing another client has seen when the server is killed with SIGKILL', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await start(dataDir);
    const { id } = await createRoomAt(first.httpUrl);
    const { observer } = await writeWhileObserved(first, id);
    // The moment the observer has seen all N, the process dies without any chance to flush.
    await waitFor('observer saw every point', () => pointCount(observer.doc) === N - 1, 20_000);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    for (const client of clients.splice(0)) client.destroy();

    const second = await start(dataDir);
    const reader = connectClient(second.yjsUrl, id);
    clients.push(reader);
    await waitFor('reader synced', () => reader.provider.synced, 15_000);
    expect(pointCount(reader.doc)).toBe(N - 1);
    const points = ((reader.doc.getMap('elements').get('stroke-1') as Y.Map<unknown>).get('points') as Y.Array<number>).toArray();
    expect(points.slice(-2)).toEqual([N - 1, (N - 1) * 2]);
  });

  it('on SIGTERM flushes, closes sockets with 1012, exits 0, and keeps everything', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await start(dataDir);
    const { id } = await createRoomAt(first.httpUrl);
    const { observer } = await writeWhileObserved(first, id);
    await waitFor('observer saw every point', () => pointCount(observer.doc) === N - 1, 20_000);
    const closeCodes: number[] = [];
    observer.provider.ws?.addEventListener('close', (event) => closeCodes.push(event.code));
    observer.provider.shouldConnect = false;
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await waitFor('observer socket closed', () => closeCodes.length > 0);
    expect(closeCodes[0]).toBe(CloseCode.serviceRestart);
    for (const client of clients.splice(0)) client.destroy();

    const second = await start(dataDir);
    const reader = connectClient(second.yjsUrl, id);
    clients.push(reader);
    await waitFor('reader synced', () => reader.provider.synced, 15_000);
    expect(pointCount(reader.doc)).toBe(N - 1);
  });
});
