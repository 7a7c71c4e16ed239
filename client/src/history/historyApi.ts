import { isValidRoomId } from '@idea-board/shared';
import { ApiError, type CreatedRoom } from '../api/rooms';

/**
 * The REST calls behind the history panel (DESIGN.md, REST contract; issue 4):
 * snapshots, sessions, the timeline, restore, fork, delete, and import. Every
 * answer is checked before use; errors become `ApiError` with the server's
 * `{ error }` message.
 */

/** `GET /api/rooms/<id>/snapshots` entry. */
export interface SnapshotMeta {
  id: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
  auto: boolean;
  elementCount: number;
}

/** `GET /api/rooms/<id>/sessions` entry: one stretch of people working on the board. */
export interface SessionInfo {
  id: string;
  startedAt: string;
  /** null while it goes on (or when the server stopped during it). */
  endedAt: string | null;
  /** Display names that took part. */
  participants: string[];
  autoSnapshotId: string | null;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A snapshot description from the server (REST or the session channel), or null when it is not one. */
export function parseSnapshot(value: unknown): SnapshotMeta | null {
  if (!isRecord(value)) return null;
  const { id, name, createdAt, auto, elementCount } = value;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof createdAt !== 'string') return null;
  return { id, name, createdAt, auto: auto === true, elementCount: typeof elementCount === 'number' ? elementCount : 0 };
}

function parseSession(value: unknown): SessionInfo | null {
  if (!isRecord(value)) return null;
  const { id, startedAt, endedAt, participants, autoSnapshotId } = value;
  if (typeof id !== 'string' || typeof startedAt !== 'string') return null;
  return {
    id,
    startedAt,
    endedAt: typeof endedAt === 'string' ? endedAt : null,
    participants: Array.isArray(participants) ? participants.filter((p): p is string => typeof p === 'string') : [],
    autoSnapshotId: typeof autoSnapshotId === 'string' ? autoSnapshotId : null,
  };
}

function parseCreatedRoom(body: unknown): CreatedRoom {
  if (isRecord(body) && isValidRoomId(body.id) && isValidRoomId(body.viewId) && typeof body.ownerKey === 'string') {
    return {
      id: body.id,
      viewId: body.viewId,
      ownerKey: body.ownerKey,
      url: typeof body.url === 'string' ? body.url : `/b/${body.id}`,
      viewUrl: typeof body.viewUrl === 'string' ? body.viewUrl : `/v/${body.viewId}`,
    };
  }
  throw new ApiError(502, 'The server answered with an unexpected room description');
}

async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const reason = isRecord(body) && typeof body.error === 'string' ? body.error : response.statusText;
  return new ApiError(response.status, reason || `HTTP ${response.status}`);
}

export class HistoryApi {
  readonly #base: string;
  readonly #fetch: FetchLike;

  constructor(roomId: string, fetchFn: FetchLike = (input, init) => fetch(input, init)) {
    this.#base = `/api/rooms/${encodeURIComponent(roomId)}`;
    this.#fetch = fetchFn;
  }

  /** The thumbnail (or full drawing) of a snapshot, from the shared SVG renderer on the server. */
  snapshotSvgUrl(snapshotId: string, width?: number): string {
    const query = width ? `?width=${width}` : '';
    return `${this.#base}/snapshots/${encodeURIComponent(snapshotId)}/svg${query}`;
  }

  async listSnapshots(signal?: AbortSignal): Promise<SnapshotMeta[]> {
    const body = await this.#json('/snapshots', { signal });
    return Array.isArray(body) ? body.map(parseSnapshot).filter((s): s is SnapshotMeta => s !== null) : [];
  }

  async listSessions(signal?: AbortSignal): Promise<SessionInfo[]> {
    const body = await this.#json('/sessions', { signal });
    return Array.isArray(body) ? body.map(parseSession).filter((s): s is SessionInfo => s !== null) : [];
  }

  /** The times the board changed (ISO 8601, oldest first). */
  async changeTimes(signal?: AbortSignal): Promise<string[]> {
    const body = await this.#json('/history', { signal });
    const times = isRecord(body) ? body.times : null;
    return Array.isArray(times) ? times.filter((t): t is string => typeof t === 'string') : [];
  }

  async takeSnapshot(name: string): Promise<SnapshotMeta> {
    const body = await this.#json('/snapshots', this.#post({ name }));
    const snapshot = parseSnapshot(body);
    if (!snapshot) throw new ApiError(502, 'The server answered with an unexpected snapshot description');
    return snapshot;
  }

  snapshotState(snapshotId: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#bytes(`/snapshots/${encodeURIComponent(snapshotId)}/state`, signal);
  }

  /** The board's Yjs state at `at` (ISO 8601 or ms since epoch). */
  stateAt(at: string | number, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#bytes(`/history/state?at=${encodeURIComponent(String(at))}`, signal);
  }

  async restoreSnapshot(snapshotId: string): Promise<void> {
    await this.#json(`/snapshots/${encodeURIComponent(snapshotId)}/restore`, this.#post({}));
  }

  async restoreAt(at: string | number): Promise<void> {
    await this.#json('/history/restore', this.#post({ at }));
  }

  async forkSnapshot(snapshotId: string): Promise<CreatedRoom> {
    return parseCreatedRoom(await this.#json(`/snapshots/${encodeURIComponent(snapshotId)}/fork`, this.#post({})));
  }

  async forkAt(at: string | number): Promise<CreatedRoom> {
    return parseCreatedRoom(await this.#json('/history/fork', this.#post({ at })));
  }

  async deleteSnapshot(snapshotId: string, ownerKey: string): Promise<void> {
    const response = await this.#fetch(`${this.#base}/snapshots/${encodeURIComponent(snapshotId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerKey}` },
    });
    if (!response.ok) throw await failure(response);
  }

  #post(body: unknown): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }

  async #json(path: string, init: RequestInit): Promise<unknown> {
    const response = await this.#fetch(`${this.#base}${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } });
    if (!response.ok) throw await failure(response);
    return response.json().catch(() => null);
  }

  async #bytes(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.#fetch(`${this.#base}${path}`, { signal });
    if (!response.ok) throw await failure(response);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/**
 * Creates a board from an exported JSON file's text (`POST /api/rooms`).
 * Checked here only as far as needed to send it as an import (an object with a
 * `format`); the server checks the rest and says what is wrong.
 */
export async function importBoard(fileText: string, fetchFn: FetchLike = (input, init) => fetch(input, init)): Promise<CreatedRoom> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fileText);
  } catch {
    throw new ApiError(400, 'the file is not valid JSON');
  }
  // Without "format" (or "elements") the server would make an empty board instead of an import.
  if (!isRecord(parsed) || !('format' in parsed)) throw new ApiError(400, 'the file is not an Idea board export (it has no "format" field)');
  const response = await fetchFn('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: fileText,
  });
  if (!response.ok) throw await failure(response);
  return parseCreatedRoom(await response.json().catch(() => null));
}
