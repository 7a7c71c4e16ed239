import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isValidRoomId } from '@idea-board/shared';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import { DEFAULT_TITLE, MAX_TITLE_LENGTH, createRoom } from '../rooms/createRoom.js';
import { summarizeDocument } from '../rooms/summary.js';
import { HttpError } from './errors.js';

interface CreateRoomBody {
  title?: string;
}

const createRoomSchema = {
  body: {
    type: ['object', 'null'],
    additionalProperties: true,
    properties: {
      title: { type: 'string', maxLength: MAX_TITLE_LENGTH },
    },
  },
  response: {
    201: {
      type: 'object',
      required: ['id', 'viewId', 'ownerKey', 'url', 'viewUrl'],
      properties: {
        id: { type: 'string' },
        viewId: { type: 'string' },
        ownerKey: { type: 'string' },
        url: { type: 'string' },
        viewUrl: { type: 'string' },
      },
    },
  },
} as const;

const roomInfoSchema = {
  params: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' } },
  },
  response: {
    200: {
      type: 'object',
      required: ['viewId', 'title', 'createdAt', 'updatedAt', 'elementCount'],
      properties: {
        id: { type: 'string' },
        viewId: { type: 'string' },
        title: { type: 'string' },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
        elementCount: { type: 'integer' },
      },
    },
  },
} as const;

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** `POST /api/rooms` and `GET /api/rooms/<id>` (DESIGN.md, REST contract). */
export function registerRoomsRoutes(app: FastifyInstance, store: Store, rooms: RoomRegistry): void {
  app.post<{ Body: CreateRoomBody | null }>('/api/rooms', { schema: createRoomSchema }, async (request, reply) => {
    const title = request.body?.title?.trim() || DEFAULT_TITLE;
    const { room, ownerKey } = await createRoom(store, title);
    const base = origin(request);
    return reply.status(201).send({
      id: room.editId,
      viewId: room.viewId,
      ownerKey,
      url: `${base}/b/${room.editId}`,
      viewUrl: `${base}/v/${room.viewId}`,
    });
  });

  app.get<{ Params: { id: string } }>('/api/rooms/:id', { schema: roomInfoSchema }, async (request) => {
    const { id } = request.params;
    if (!isValidRoomId(id)) throw new HttpError(400, 'invalid room id');
    const access = await store.findRoomByAccessId(id);
    if (!access) throw new HttpError(404, 'unknown room');
    const { room, role } = access;
    // A board open on this node is read live; otherwise from its last checkpoint.
    const live = rooms.peek(room.roomId);
    const summary = live ? summarizeDocument(live.doc) : { title: room.title, elementCount: room.elementCount };
    return {
      ...(role === 'editor' ? { id: room.editId } : {}),
      viewId: room.viewId,
      title: summary.title,
      createdAt: new Date(room.createdAt).toISOString(),
      updatedAt: new Date(room.updatedAt).toISOString(),
      elementCount: summary.elementCount,
    };
  });
}
