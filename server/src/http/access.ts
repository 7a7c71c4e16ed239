import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isValidRoomId, type Role } from '@idea-board/shared';
import type { RoomAccess, Store } from '../store/Store.js';
import { hashOwnerKey } from '../rooms/createRoom.js';
import { HttpError } from './errors.js';

/**
 * Who may do what over HTTP. An id that does not fit the rules is refused
 * before the store is asked; an unknown one is a 404; a view id asking for an
 * editor's action is a 403.
 */
export async function resolveAccess(store: Store, id: string, required: Role = 'viewer'): Promise<RoomAccess> {
  if (!isValidRoomId(id)) throw new HttpError(400, 'invalid room id');
  const access = await store.findRoomByAccessId(id);
  if (!access) throw new HttpError(404, 'unknown room');
  if (required === 'editor' && access.role !== 'editor') {
    throw new HttpError(403, 'this needs the edit link: the view-only link cannot change the board');
  }
  return access;
}

/** The host's actions need `Authorization: Bearer <ownerKey>`. */
export function requireOwner(request: FastifyRequest, access: RoomAccess): void {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'this needs the owner key: Authorization: Bearer <ownerKey>');
  const given = Buffer.from(hashOwnerKey(match[1]!), 'hex');
  const expected = Buffer.from(access.room.ownerKeyHash, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(403, 'wrong owner key');
}

/** Snapshot ids follow the same character rules as room ids. */
export function checkSnapshotId(id: string): void {
  if (!isValidRoomId(id)) throw new HttpError(400, 'invalid snapshot id');
}

/**
 * ISO 8601 as `Date#toISOString` writes it: a date, optionally a time with a
 * zone (`Z` or `±hh:mm`). A time without a zone would depend on the server's
 * time zone, and `Date.parse` alone accepts loose strings such as "-5" or
 * "March 7" (as dates in 2001), so anything else is refused.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A time given as ms since epoch or as an ISO 8601 string. */
export function parseTime(value: unknown, what: string): number {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : typeof value === 'string' && ISO_8601.test(value)
          ? Date.parse(value)
          : NaN;
  if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, `${what} must be a time: ms since epoch or ISO 8601`);
  return ms;
}
