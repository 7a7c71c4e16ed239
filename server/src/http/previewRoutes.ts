import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { Box } from '@idea-board/shared';
import { resolveAccess } from './access.js';
import { HttpError } from './errors.js';
import { roomIdParams } from './roomResponses.js';

/** `near=minX,minY,maxX,maxY` in world units, or undefined when absent. */
function parseNear(value: unknown): Box | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'invalid "near": give it once');
  const numbers = value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  const [minX, minY, maxX, maxY] = numbers;
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n)) || minX! > maxX! || minY! > maxY!) {
    throw new HttpError(400, 'invalid "near": expected minX,minY,maxX,maxY (finite numbers, min <= max)');
  }
  return { minX: minX!, minY: minY!, maxX: maxX!, maxY: maxY! };
}

/**
 * `GET /api/rooms/<id>/preview.json[?near=minX,minY,maxX,maxY]`: the board's
 * current elements in the export format (with `near`, only those that meet the
 * box), for showing a large board before its live copy has synced. Read-only;
 * the edit id and the view id both get it.
 */
export function registerPreviewRoutes(app: FastifyInstance, store: Store, rooms: RoomRegistry): void {
  app.get<{ Params: { id: string }; Querystring: { near?: unknown } }>('/api/rooms/:id/preview.json', { schema: { params: roomIdParams } }, async (request, reply) => {
    const near = parseNear(request.query.near);
    const { room: record } = await resolveAccess(store, request.params.id);
    // A board nobody had open is loaded, and stays loaded for the registry's unload delay:
    // the page's WebSocket sync, right behind this request, finds it in memory.
    const body = await rooms.withRoom(record.roomId, async (room) => room.preview.json(near));
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(body);
  });
}
