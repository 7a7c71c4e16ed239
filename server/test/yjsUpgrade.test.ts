/**
 * The WebSocket upgrade itself (see realtime/upgradeRouter.ts and yjsTransport.ts):
 * which paths upgrade, which client address the per-address limit counts, and
 * that shutdown closes every Yjs socket with 1012.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '@idea-board/shared';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { rawConnect, terminateRawSockets, type RawConnection } from './helpers/rawSocket.js';

let running: RunningServer | null = null;

afterEach(async () => {
  terminateRawSockets();
  await running?.stop();
  running = null;
});

/** Resolves once the server's first message (sync step 1) arrived: the socket has joined its room. */
function joined(connection: RawConnection): Promise<void> {
  return new Promise((resolve) => connection.socket.once('message', () => resolve()));
}

describe('WebSocket upgrades', () => {
  it('answers an upgrade to any other path with 404 and does not upgrade it', async () => {
    running = await startServer();
    const base = running.httpUrl.replace('http:', 'ws:');
    for (const path of ['/elsewhere', '/yjs', '/api/rooms']) {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${base}${path}`);
        // Terminating a refused handshake reports "closed before the connection was established".
        socket.on('error', () => undefined);
        socket.on('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => reject(new Error(`${path} was upgraded`)));
      });
      expect(status, path).toBe(404);
    }
  });

  it('takes a query string after the id, as y-websocket sends its params', async () => {
    running = await startServer();
    const { id } = await running.createRoom();
    const connection = rawConnect(`${running.yjsUrl}/${id}?token=x`);
    await joined(connection);
    expect(connection.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('behind a trusted proxy, counts connections per X-Forwarded-For client address', async () => {
    running = await startServer({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const { id } = await running.createRoom();
    const url = `${running.yjsUrl}/${id}`;
    const first = rawConnect(url, { 'x-forwarded-for': '203.0.113.1' });
    const second = rawConnect(url, { 'x-forwarded-for': '203.0.113.2, 10.0.0.1' });
    await Promise.all([joined(first), joined(second)]);
    const refused = rawConnect(url, { 'x-forwarded-for': ' 203.0.113.1 , 10.0.0.1' });
    expect(await refused.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'too many connections from this address' });
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For', async () => {
    running = await startServer({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const { id } = await running.createRoom();
    const url = `${running.yjsUrl}/${id}`;
    await joined(rawConnect(url, { 'x-forwarded-for': '203.0.113.1' }));
    const refused = rawConnect(url, { 'x-forwarded-for': '203.0.113.2' });
    expect(await refused.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'too many connections from this address' });
  });

  it('closes every Yjs socket with 1012 on shutdown', async () => {
    running = await startServer();
    const { id } = await running.createRoom();
    const connection = rawConnect(`${running.yjsUrl}/${id}`);
    await joined(connection);
    const server = running;
    running = null;
    await Promise.all([server.stop(), connection.closed.then((closed) => expect(closed.code).toBe(CloseCode.serviceRestart))]);
  });
});
