import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import { resolveAccess } from './access.js';
import { roomIdParams } from './roomResponses.js';

/**
 * A page that opens a board asks for this while its script loads, and the
 * WebSocket sync follows right after; a board nobody had open is kept loaded
 * this long, so that sync finds it in memory instead of loading it again.
 */
const PREVIEW_HOLD_MS = 10_000;

/**
 * `GET /api/rooms/<id>/preview.json`: the board's current elements in the export
 * format, for showing a large board before its live copy has synced. Read-only;
 * the edit id and the view id both get it.
 */
export function registerPreviewRoutes(app: FastifyInstance, store: Store, rooms: RoomRegistry): void {
  app.get<{ Params: { id: string } }>('/api/rooms/:id/preview.json', { schema: { params: roomIdParams } }, async (request, reply) => {
    const { room: record } = await resolveAccess(store, request.params.id);
    let room = rooms.peek(record.roomId);
    if (!room) {
      room = await rooms.acquire(record.roomId);
      const roomId = record.roomId;
      setTimeout(() => rooms.release(roomId), PREVIEW_HOLD_MS).unref();
    }
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(room.previewJson());
  });
}
