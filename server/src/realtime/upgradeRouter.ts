import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { SOCKET_IO_PATH } from '@idea-board/shared';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * @fastify/websocket and socket.io both listen for HTTP `upgrade`, and both
 * would take a `/socket.io/` upgrade. Call this after both are attached: it
 * replaces their listeners with one that gives each request to exactly one.
 */
export function routeUpgrades(server: Server): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[];
  const [fastifyListener, socketIoListener] = listeners;
  if (listeners.length !== 2 || !fastifyListener || !socketIoListener) {
    throw new Error(`expected 2 upgrade listeners (fastify, socket.io), found ${listeners.length}`);
  }
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Errors on a raw socket before the handshake completes must not reach the process.
    socket.on('error', () => socket.destroy());
    if (request.url?.startsWith(SOCKET_IO_PATH)) socketIoListener(request, socket, head);
    else fastifyListener(request, socket, head);
  });
}
