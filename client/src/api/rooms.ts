import { isValidRoomId } from '@idea-board/shared';

/** `POST /api/rooms` answer: the capabilities of a new board. */
export interface CreatedRoom {
  id: string;
  viewId: string;
  ownerKey: string;
  url: string;
  viewUrl: string;
}

/** `GET /api/rooms/<id>` answer. `id` (the edit id) only when asked with the edit id. */
export interface RoomInfo {
  id?: string;
  viewId: string;
  title: string;
  /** Timestamps as the server writes them (ISO string or ms since epoch); shown, never computed with. */
  createdAt: string | number;
  updatedAt: string | number;
  elementCount: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function createRoom(title: string, signal?: AbortSignal): Promise<CreatedRoom> {
  const body = await requestJson('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
    signal,
  });
  return parseCreatedRoom(body);
}

export async function getRoomInfo(roomId: string, signal?: AbortSignal): Promise<RoomInfo> {
  const body = await requestJson(`/api/rooms/${encodeURIComponent(roomId)}`, { signal });
  return parseRoomInfo(body);
}

async function requestJson(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const reason = isRecord(body) && typeof body.error === 'string' ? body.error : response.statusText;
    throw new ApiError(response.status, reason || `HTTP ${response.status}`);
  }
  return body;
}

function parseCreatedRoom(body: unknown): CreatedRoom {
  if (
    isRecord(body) &&
    isValidRoomId(body.id) &&
    isValidRoomId(body.viewId) &&
    typeof body.ownerKey === 'string' &&
    typeof body.url === 'string' &&
    typeof body.viewUrl === 'string'
  ) {
    return { id: body.id, viewId: body.viewId, ownerKey: body.ownerKey, url: body.url, viewUrl: body.viewUrl };
  }
  throw new ApiError(502, 'The server answered with an unexpected room description');
}

function parseRoomInfo(body: unknown): RoomInfo {
  if (
    isRecord(body) &&
    isValidRoomId(body.viewId) &&
    typeof body.title === 'string' &&
    isTimestamp(body.createdAt) &&
    isTimestamp(body.updatedAt) &&
    typeof body.elementCount === 'number'
  ) {
    const info: RoomInfo = {
      viewId: body.viewId,
      title: body.title,
      createdAt: body.createdAt,
      updatedAt: body.updatedAt,
      elementCount: body.elementCount,
    };
    if (isValidRoomId(body.id)) info.id = body.id;
    return info;
  }
  throw new ApiError(502, 'The server answered with an unexpected room description');
}

function isTimestamp(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
