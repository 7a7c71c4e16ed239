import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { docFromImport, parseBoardExport, EXPORT_FORMAT } from '@idea-board/shared';
import * as Y from 'yjs';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import { DEFAULT_TITLE, MAX_TITLE_LENGTH, createRoom } from '../rooms/createRoom.js';
import { summarizeDocument } from '../rooms/summary.js';
import { HttpError } from './errors.js';
import { resolveAccess } from './access.js';
import { createdRoomBody, createdRoomSchema } from './roomResponses.js';

interface CreateRoomBody {
  title?: unknown;
  format?: unknown;
}

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

/**
 * Counts the bytes of a request body as it is read, whatever the transfer
 * encoding: a chunked body has no content-length to check. Fastify's own body
 * limit reads `receivedEncodedLength` from the stream a preParsing hook returns.
 */
class BodyByteCounter extends Transform {
  receivedEncodedLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.byteLength;
    done(null, chunk);
  }
}

const bodyBytes = new WeakMap<FastifyRequest, BodyByteCounter>();

export interface RoomsRoutesLimits {
  maxJsonBodyBytes: number;
  maxImportBytes: number;
}

/**
 * `POST /api/rooms` (a new board, or an import of an exported JSON) and
 * `GET /api/rooms/<id>` (DESIGN.md, REST contract).
 */
export function registerRoomsRoutes(app: FastifyInstance, store: Store, rooms: RoomRegistry, limits: RoomsRoutesLimits): void {
  app.post<{ Body: CreateRoomBody | null }>(
    '/api/rooms',
    {
      // Imports may be large; plain creations keep the ordinary JSON limit (checked below).
      bodyLimit: limits.maxImportBytes,
      schema: { body: { type: ['object', 'null'] }, response: { 201: createdRoomSchema } },
      preParsing: async (request, _reply, payload) => {
        const counter = new BodyByteCounter();
        bodyBytes.set(request, counter);
        return payload.pipe(counter);
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      if (body.format !== undefined || 'elements' in body) {
        const parsed = parseBoardExport(body);
        if (!parsed.ok) throw new HttpError(400, `invalid import: ${parsed.error}`);
        const doc = docFromImport(parsed.title, parsed.elements);
        const seed = Y.encodeStateAsUpdate(doc);
        doc.destroy();
        const created = await createRoom(store, { title: parsed.title, seed });
        return reply.status(201).send(createdRoomBody(request, created));
      }
      if ((bodyBytes.get(request)?.receivedEncodedLength ?? 0) > limits.maxJsonBodyBytes) {
        throw new HttpError(413, `request body is over ${limits.maxJsonBodyBytes} bytes (only an "${EXPORT_FORMAT}" import may be larger)`);
      }
      if (body.title !== undefined && typeof body.title !== 'string') throw new HttpError(400, 'invalid request: "title" must be a string');
      const title = typeof body.title === 'string' ? body.title.trim() : '';
      if (title.length > MAX_TITLE_LENGTH) throw new HttpError(400, `invalid request: "title" is longer than ${MAX_TITLE_LENGTH} characters`);
      const created = await createRoom(store, { title: title || DEFAULT_TITLE });
      return reply.status(201).send(createdRoomBody(request, created));
    },
  );

  app.get<{ Params: { id: string } }>('/api/rooms/:id', { schema: roomInfoSchema }, async (request) => {
    const { room, role } = await resolveAccess(store, request.params.id);
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
