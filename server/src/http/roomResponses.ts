import type { FastifyRequest } from 'fastify';
import type { CreatedRoom } from '../rooms/createRoom.js';
import type { SessionRecord, SnapshotRecord } from '../store/Store.js';

/** The answer to every call that makes a room (create, import, fork). */
export function createdRoomBody(request: FastifyRequest, { room, ownerKey }: CreatedRoom) {
  const base = `${request.protocol}://${request.host}`;
  return {
    id: room.editId,
    viewId: room.viewId,
    ownerKey,
    url: `${base}/b/${room.editId}`,
    viewUrl: `${base}/v/${room.viewId}`,
  };
}

export const createdRoomSchema = {
  type: 'object',
  required: ['id', 'viewId', 'ownerKey', 'url', 'viewUrl'],
  properties: {
    id: { type: 'string' },
    viewId: { type: 'string' },
    ownerKey: { type: 'string' },
    url: { type: 'string' },
    viewUrl: { type: 'string' },
  },
} as const;

export function snapshotBody(snapshot: SnapshotRecord) {
  return {
    id: snapshot.snapshotId,
    name: snapshot.name,
    createdAt: new Date(snapshot.createdAt).toISOString(),
    auto: snapshot.auto,
    elementCount: snapshot.elementCount,
  };
}

export const snapshotSchema = {
  type: 'object',
  required: ['id', 'name', 'createdAt', 'auto', 'elementCount'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string' },
    auto: { type: 'boolean' },
    elementCount: { type: 'integer' },
  },
} as const;

export function sessionBody(session: SessionRecord) {
  return {
    id: session.sessionId,
    startedAt: new Date(session.startedAt).toISOString(),
    endedAt: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
    participants: session.participants,
    autoSnapshotId: session.autoSnapshotId,
  };
}

/** Route params of every `/api/rooms/<id>/...` call. */
export const roomIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
