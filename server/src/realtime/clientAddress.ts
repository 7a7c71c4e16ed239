import type { IncomingMessage } from 'node:http';

/**
 * The client address of a request that does not go through Fastify (a
 * WebSocket upgrade), the same as Fastify's `request.ip`: the peer's address,
 * or behind a trusted reverse proxy (`trustProxy: true`, every hop trusted)
 * the first address in X-Forwarded-For.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const direct = request.socket.remoteAddress ?? '';
  if (!trustProxy) return direct;
  const header = request.headers['x-forwarded-for'];
  if (typeof header !== 'string') return direct;
  for (const part of header.split(',')) {
    const address = part.trim();
    if (address !== '') return address;
  }
  return direct;
}
