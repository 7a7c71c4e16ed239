import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/Store.js';
import type { BoardHistory } from '../history/BoardHistory.js';
import type { SessionNotifier } from '../realtime/sessionChannel.js';
import { parseTime, resolveAccess } from './access.js';
import { createdRoomBody, createdRoomSchema, roomIdParams, sessionBody } from './roomResponses.js';

const atBody = {
  type: 'object',
  required: ['at'],
  properties: { at: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
} as const;

/** Sessions, the timeline, the state at any past moment, and exports. */
export function registerHistoryRoutes(app: FastifyInstance, store: Store, history: BoardHistory, notifier: SessionNotifier): void {
  app.get<{ Params: { id: string } }>('/api/rooms/:id/sessions', { schema: { params: roomIdParams } }, async (request) => {
    const { room } = await resolveAccess(store, request.params.id);
    return (await store.listSessions(room.roomId)).map(sessionBody);
  });

  app.get<{ Params: { id: string } }>('/api/rooms/:id/history', { schema: { params: roomIdParams } }, async (request) => {
    const { room } = await resolveAccess(store, request.params.id);
    const times = await history.changeTimes(room.roomId);
    return { times: times.map((t) => new Date(t).toISOString()) };
  });

  app.get<{ Params: { id: string }; Querystring: { at?: string } }>(
    '/api/rooms/:id/history/state',
    { schema: { params: roomIdParams } },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id);
      const state = await history.stateAt(room.roomId, parseTime(request.query.at, 'at'));
      return reply.type('application/octet-stream').send(Buffer.from(state));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { at?: string } }>(
    '/api/rooms/:id/history/svg',
    { schema: { params: roomIdParams } },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id);
      const state = await history.stateAt(room.roomId, parseTime(request.query.at, 'at'));
      return reply.type('image/svg+xml').send(history.svg(state));
    },
  );

  app.post<{ Params: { id: string }; Body: { at: string | number } }>(
    '/api/rooms/:id/history/restore',
    { schema: { params: roomIdParams, body: atBody } },
    async (request) => {
      const { room } = await resolveAccess(store, request.params.id, 'editor');
      const at = parseTime(request.body.at, 'at');
      const changed = await history.restore(room.roomId, await history.stateAt(room.roomId, at));
      notifier.notify(room.roomId, 'board:restored', { at: new Date(at).toISOString() });
      return { restored: true, changed };
    },
  );

  app.post<{ Params: { id: string }; Body: { at: string | number } }>(
    '/api/rooms/:id/history/fork',
    { schema: { params: roomIdParams, body: atBody, response: { 201: createdRoomSchema } } },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id);
      const state = await history.stateAt(room.roomId, parseTime(request.body.at, 'at'));
      return reply.status(201).send(createdRoomBody(request, await history.fork(state)));
    },
  );

  app.get<{ Params: { id: string } }>('/api/rooms/:id/export.json', { schema: { params: roomIdParams } }, async (request, reply) => {
    const { room } = await resolveAccess(store, request.params.id);
    const body = history.exportJson(await history.currentState(room.roomId));
    const filename = `${body.title.replace(/[^A-Za-z0-9 _-]/g, '').trim() || 'board'}.json`;
    return reply.header('content-disposition', `attachment; filename="${filename}"`).send(body);
  });

  app.get<{ Params: { id: string } }>('/api/rooms/:id/export.svg', { schema: { params: roomIdParams } }, async (request, reply) => {
    const { room } = await resolveAccess(store, request.params.id);
    return reply.type('image/svg+xml').send(history.svg(await history.currentState(room.roomId)));
  });
}
