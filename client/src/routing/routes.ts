import { isValidRoomId, type Role } from '@idea-board/shared';

/** The pages of the app, as decided by the URL path alone. */
export type Route =
  | { kind: 'home' }
  | { kind: 'board'; roomId: string; role: Role }
  | { kind: 'not-found' };

const BOARD_PATH = /^\/(b|v)\/([^/]+)\/?$/;

/** Maps a pathname to a page. Ids that break the id rules are not-found, never a connection attempt. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { kind: 'home' };
  const match = BOARD_PATH.exec(pathname);
  if (!match) return { kind: 'not-found' };
  const [, prefix, roomId] = match;
  if (!isValidRoomId(roomId)) return { kind: 'not-found' };
  return { kind: 'board', roomId, role: prefix === 'b' ? 'editor' : 'viewer' };
}

export function editPath(editId: string): string {
  return `/b/${editId}`;
}

export function viewPath(viewId: string): string {
  return `/v/${viewId}`;
}
