import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/Store.js';
import type { BoardHistory } from '../history/BoardHistory.js';
import type { SessionNotifier } from '../realtime/sessionChannel.js';
import { checkSnapshotId, requireOwner, resolveAccess } from './access.js';
import { HttpError } from './errors.js';
import { createdRoomBody, createdRoomSchema, roomIdParams, snapshotBody, snapshotSchema } from './roomResponses.js';

interface SnapshotParams {
  id: string;
  sid: string;
}

const snapshotParams = {
  type: 'object',
  required: ['id', 'sid'],
  properties: { id: { type: 'string' }, sid: { type: 'string' } },
} as const;

/** Named, immutable snapshots of a board (DESIGN.md, REST contract). */
export function registerSnapshotsRoutes(app: FastifyInstance, store: Store, history: BoardHistory, notifier: SessionNotifier): void {
  async function findSnapshot(roomId: string, sid: string) {
    checkSnapshotId(sid);
    const snapshot = await store.getSnapshot(roomId, sid);
    if (!snapshot) throw new HttpError(404, 'unknown snapshot');
    return snapshot;
  }

  app.get<{ Params: { id: string } }>(
    '/api/rooms/:id/snapshots',
    { schema: { params: roomIdParams, response: { 200: { type: 'array', items: snapshotSchema } } } },
    async (request) => {
      const { room } = await resolveAccess(store, request.params.id);
      return (await store.listSnapshots(room.roomId)).map(snapshotBody);
    },
  );

  app.post<{ Params: { id: string }; Body: { name?: string } | null }>(
    '/api/rooms/:id/snapshots',
    {
      schema: {
        params: roomIdParams,
        body: { type: ['object', 'null'], properties: { name: { type: 'string', maxLength: 200 } } },
        response: { 201: snapshotSchema },
      },
    },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id, 'editor');
      const name = request.body?.name?.trim() || `Snapshot ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      const snapshot = await history.takeSnapshot(room.roomId, name);
      notifier.notify(room.roomId, 'snapshot:created', snapshotBody(snapshot));
      return reply.status(201).send(snapshotBody(snapshot));
    },
  );

  app.get<{ Params: SnapshotParams }>(
    '/api/rooms/:id/snapshots/:sid',
    { schema: { params: snapshotParams, response: { 200: snapshotSchema } } },
    async (request) => {
      const { room } = await resolveAccess(store, request.params.id);
      return snapshotBody(await findSnapshot(room.roomId, request.params.sid));
    },
  );

  app.get<{ Params: SnapshotParams }>('/api/rooms/:id/snapshots/:sid/state', { schema: { params: snapshotParams } }, async (request, reply) => {
    const { room } = await resolveAccess(store, request.params.id);
    checkSnapshotId(request.params.sid);
    const state = await store.getSnapshotState(room.roomId, request.params.sid);
    if (!state) throw new HttpError(404, 'unknown snapshot');
    return reply.type('application/octet-stream').send(Buffer.from(state));
  });

  app.get<{ Params: SnapshotParams; Querystring: { width?: string } }>(
    '/api/rooms/:id/snapshots/:sid/svg',
    { schema: { params: snapshotParams } },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id);
      checkSnapshotId(request.params.sid);
      const state = await store.getSnapshotState(room.roomId, request.params.sid);
      if (!state) throw new HttpError(404, 'unknown snapshot');
      const width = Number(request.query.width);
      const svg = history.svg(state, Number.isFinite(width) && width >= 16 && width <= 4096 ? { width } : {});
      // Snapshots never change: cache freely.
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=31536000, immutable').send(svg);
    },
  );

  app.post<{ Params: SnapshotParams }>(
    '/api/rooms/:id/snapshots/:sid/restore',
    { schema: { params: snapshotParams } },
    async (request) => {
      const { room } = await resolveAccess(store, request.params.id, 'editor');
      const snapshot = await findSnapshot(room.roomId, request.params.sid);
      const state = await store.getSnapshotState(room.roomId, snapshot.snapshotId);
      if (!state) throw new HttpError(404, 'unknown snapshot');
      const changed = await history.restore(room.roomId, state);
      notifier.notify(room.roomId, 'board:restored', { snapshotId: snapshot.snapshotId });
      return { restored: true, changed, snapshot: snapshotBody(snapshot) };
    },
  );

  app.post<{ Params: SnapshotParams }>(
    '/api/rooms/:id/snapshots/:sid/fork',
    { schema: { params: snapshotParams, response: { 201: createdRoomSchema } } },
    async (request, reply) => {
      const { room } = await resolveAccess(store, request.params.id);
      const snapshot = await findSnapshot(room.roomId, request.params.sid);
      const state = await store.getSnapshotState(room.roomId, snapshot.snapshotId);
      if (!state) throw new HttpError(404, 'unknown snapshot');
      return reply.status(201).send(createdRoomBody(request, await history.fork(state)));
    },
  );

  app.delete<{ Params: SnapshotParams }>('/api/rooms/:id/snapshots/:sid', { schema: { params: snapshotParams } }, async (request, reply) => {
    const access = await resolveAccess(store, request.params.id);
    requireOwner(request, access);
    checkSnapshotId(request.params.sid);
    if (!(await store.deleteSnapshot(access.room.roomId, request.params.sid))) throw new HttpError(404, 'unknown snapshot');
    return reply.status(204).send();
  });
}
