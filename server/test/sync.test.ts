import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { addSticky, boardSnapshot, canonicalState, connectClient, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

let running: RunningServer;
const clients: YClient[] = [];

function track(client: YClient): YClient {
  clients.push(client);
  return client;
}

beforeEach(async () => {
  running = await startServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await running.stop();
});

/** Opens a raw socket and resolves with the close code and reason the server sends. */
function closeOf(url: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('sync with stock y-websocket clients', () => {
  it('two clients converge on concurrent edits', async () => {
    const { id } = await running.createRoom();
    const a = track(await connectSynced(running.yjsUrl, id));
    const b = track(await connectSynced(running.yjsUrl, id));
    addSticky(a.doc, 'note-a', 'from a');
    addSticky(b.doc, 'note-b', 'from b');
    a.doc.getMap('meta').set('title', 'A title');
    b.doc.getMap('meta').set('title', 'B title');
    await waitFor('both replicas equal with both notes', () => {
      return canonicalState(a.doc) === canonicalState(b.doc) && Object.keys(boardSnapshot(a.doc)).length === 2;
    });
    expect(Object.keys(boardSnapshot(b.doc)).sort()).toEqual(['note-a', 'note-b']);
    expect(a.doc.getMap('meta').get('title')).toBe(b.doc.getMap('meta').get('title'));
  });

  it('ten clients converge on concurrent edits to the same note text', async () => {
    const { id } = await running.createRoom();
    const first = track(await connectSynced(running.yjsUrl, id));
    addSticky(first.doc, 'shared', '');
    const others = await Promise.all(Array.from({ length: 9 }, () => connectSynced(running.yjsUrl, id)));
    others.forEach(track);
    const all = [first, ...others];
    await waitFor('everyone has the note', () => all.every((c) => c.doc.getMap('elements').has('shared')));
    all.forEach((client, i) => {
      const text = (client.doc.getMap('elements').get('shared') as Y.Map<unknown>).get('text') as Y.Text;
      text.insert(0, `[${i}]`);
    });
    await waitFor('all ten texts merged everywhere', () =>
      all.every((client) => {
        const text = ((client.doc.getMap('elements').get('shared') as Y.Map<unknown>).get('text') as Y.Text).toString();
        return all.every((_, i) => text.includes(`[${i}]`));
      }),
    );
    const reference = canonicalState(first.doc);
    for (const client of all) expect(canonicalState(client.doc)).toBe(reference);
  });

  it('a late joiner gets the whole board', async () => {
    const { id } = await running.createRoom('Workshop');
    const writer = track(await connectSynced(running.yjsUrl, id));
    for (let i = 0; i < 50; i++) addSticky(writer.doc, `n${i}`, `note ${i}`, i * 10, 0);
    // The writer's own updates come back once durable; then a newcomer must see all of them.
    const late = track(connectClient(running.yjsUrl, id));
    await waitFor('late joiner has 50 notes', () => late.provider.synced && late.doc.getMap('elements').size === 50);
    expect(late.doc.getMap('meta').get('title')).toBe('Workshop');
    expect(canonicalState(late.doc)).toBe(canonicalState(writer.doc));
  });

  it('every newcomer gets the board as it is when it joins, also after changes since the previous newcomer', async () => {
    const { id } = await running.createRoom('Workshop');
    const writer = track(await connectSynced(running.yjsUrl, id));
    for (let round = 1; round <= 3; round++) {
      addSticky(writer.doc, `n${round}`, `note ${round}`, round * 10, 0);
      // Two newcomers at once: both ask for the whole board (an empty state vector).
      const newcomers = [track(connectClient(running.yjsUrl, id)), track(connectClient(running.yjsUrl, id))];
      for (const newcomer of newcomers) {
        await waitFor(`newcomer of round ${round} has ${round} notes`, () => newcomer.provider.synced && newcomer.doc.getMap('elements').size === round);
        expect(canonicalState(newcomer.doc)).toBe(canonicalState(writer.doc));
      }
    }
  });

  it('removes the awareness of a client whose socket closes', async () => {
    const { id } = await running.createRoom();
    const a = track(await connectSynced(running.yjsUrl, id));
    const b = track(await connectSynced(running.yjsUrl, id));
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    const aId = a.doc.clientID;
    await waitFor('b sees a', () => b.provider.awareness.getStates().get(aId)?.user !== undefined);
    // Close the raw socket without the client saying goodbye (no awareness removal sent).
    const socket = a.provider.ws as unknown as WebSocket;
    a.provider.shouldConnect = false;
    socket.terminate();
    await waitFor('b no longer sees a', () => !b.provider.awareness.getStates().has(aId));
  });

  it('echoes each update to its sender once durable', async () => {
    const { id } = await running.createRoom();
    const a = track(await connectSynced(running.yjsUrl, id));
    let echoed = 0;
    const socket = a.provider.ws as unknown as WebSocket;
    socket.addEventListener('message', (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      // [messageSync=0][update=2]...
      if (data[0] === 0 && data[1] === 2) echoed += 1;
    });
    addSticky(a.doc, 'x', 'hello');
    await waitFor('echo received', () => echoed === 1);
  });
});

describe('capabilities', () => {
  it('a view-id client receives everything but cannot change the document', async () => {
    const { id, viewId } = await running.createRoom();
    const editor = track(await connectSynced(running.yjsUrl, id));
    addSticky(editor.doc, 'by-editor', 'visible to viewers');
    const viewer = track(connectClient(running.yjsUrl, viewId));
    let denied = '';
    await waitFor('viewer synced with the note', () => viewer.provider.synced && viewer.doc.getMap('elements').has('by-editor'));
    const socket = viewer.provider.ws as unknown as WebSocket;
    socket.addEventListener('message', (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      if (data[0] === 2) denied = new TextDecoder().decode(data.subarray(3));
    });
    addSticky(viewer.doc, 'by-viewer', 'should be dropped');
    await waitFor('viewer told permission denied', () => denied.includes('view-only'));
    // The viewer stays connected, still receives edits, and its write reached nobody.
    addSticky(editor.doc, 'after', 'still flowing');
    await waitFor('viewer still receives', () => viewer.doc.getMap('elements').has('after'));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(editor.doc.getMap('elements').has('by-viewer')).toBe(false);
    const fresh = track(await connectSynced(running.yjsUrl, id));
    await waitFor('fresh client has editor notes', () => fresh.doc.getMap('elements').has('after'));
    expect(fresh.doc.getMap('elements').has('by-viewer')).toBe(false);
  });

  it('refuses malformed ids with 4400 and unknown ids with 4404', async () => {
    expect(await closeOf(`${running.yjsUrl}/short`)).toEqual({ code: CloseCode.invalidRoomId, reason: 'invalid room id' });
    expect(await closeOf(`${running.yjsUrl}/${'x'.repeat(65)}`)).toMatchObject({ code: CloseCode.invalidRoomId });
    expect(await closeOf(`${running.yjsUrl}/has%20space%20in%20it%20ok`)).toMatchObject({ code: CloseCode.invalidRoomId });
    expect(await closeOf(`${running.yjsUrl}/${'A'.repeat(32)}`)).toEqual({ code: CloseCode.unknownRoom, reason: 'unknown room' });
  });
});
