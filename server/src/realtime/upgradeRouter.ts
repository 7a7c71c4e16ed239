import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { SOCKET_IO_PATH, YJS_PATH_PREFIX } from '@idea-board/shared';
import type { YjsTransport } from './yjsTransport.js';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * socket.io listens for HTTP `upgrade` on the server it is attached to, and
 * would take any upgrade. Call this after it is attached: it replaces its
 * listener with one that gives each upgrade to exactly one transport,
 * `/socket.io/` to socket.io and `/yjs/<id>` to the Yjs transport, and answers
 * any other path with 404.
 */
export function routeUpgrades(server: Server, yjs: YjsTransport): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[];
  const [socketIoListener] = listeners;
  if (listeners.length !== 1 || !socketIoListener) {
    throw new Error(`expected 1 upgrade listener (socket.io), found ${listeners.length}`);
  }
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = request.url ?? '';
    // ws guards the raw socket against errors itself, from the start of its handshake.
    if (url.startsWith(`${YJS_PATH_PREFIX}/`)) {
      yjs.handleUpgrade(request, socket, head);
      return;
    }
    // Errors on a raw socket before the handshake completes must not reach the process.
    socket.on('error', destroyOnError);
    if (url.startsWith(SOCKET_IO_PATH)) socketIoListener(request, socket, head);
    else refuse(socket, 404, 'Not Found');
  });
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

function refuse(socket: Duplex, status: number, message: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
