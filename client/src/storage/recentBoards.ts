import { isValidRoomId, type Role } from '@idea-board/shared';
import { browserStore, readJsonArray, type KeyValueStore } from './localStore';

/**
 * The boards this browser opened, newest first, kept in localStorage. Only
 * what the person already had: the id they opened with (edit or view id),
 * which role it gives, the title last seen and when. A view link never
 * learns the edit id, so this list cannot leak one.
 */
export interface RecentBoard {
  /** The id in the link that was opened: an edit id for editors, a view id for viewers. */
  id: string;
  role: Role;
  title: string;
  /** Last time the board was opened, ms since epoch. */
  lastVisit: number;
}

export const RECENT_BOARDS_KEY = 'idea-board:recent-boards';
export const MAX_RECENT_BOARDS = 30;
export const MAX_TITLE_LENGTH = 200;
export const UNTITLED = 'Untitled board';

/** Reads the stored list, skipping anything malformed (localStorage is editable by anyone at the keyboard). */
export function parseRecentBoards(raw: string | null): RecentBoard[] {
  const data = readJsonArray(raw);
  const seen = new Set<string>();
  const boards: RecentBoard[] = [];
  for (const entry of data) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, role, title, lastVisit } = entry as Record<string, unknown>;
    if (!isValidRoomId(id) || seen.has(id)) continue;
    if (role !== 'editor' && role !== 'viewer') continue;
    if (typeof lastVisit !== 'number' || !Number.isFinite(lastVisit)) continue;
    seen.add(id);
    boards.push({ id, role, title: cleanTitle(title), lastVisit });
  }
  return sortByVisit(boards).slice(0, MAX_RECENT_BOARDS);
}

/** The list after opening a board: it moves to the top; a known title is kept when none is given. */
export function recordVisit(
  boards: readonly RecentBoard[],
  visit: { id: string; role: Role; title?: string | null; at: number },
): RecentBoard[] {
  const previous = boards.find((board) => board.id === visit.id);
  const title = visit.title ? cleanTitle(visit.title) : (previous?.title ?? UNTITLED);
  const entry: RecentBoard = { id: visit.id, role: visit.role, title, lastVisit: visit.at };
  return [entry, ...boards.filter((board) => board.id !== visit.id)].slice(0, MAX_RECENT_BOARDS);
}

/** The list with a board's title updated; unchanged (same array) if the board is not in it or the title is the same. */
export function renameRecent(boards: readonly RecentBoard[], id: string, title: string): readonly RecentBoard[] {
  const clean = cleanTitle(title);
  const index = boards.findIndex((board) => board.id === id);
  if (index < 0 || boards[index]!.title === clean) return boards;
  return boards.map((board) => (board.id === id ? { ...board, title: clean } : board));
}

export function removeRecent(boards: readonly RecentBoard[], id: string): RecentBoard[] {
  return boards.filter((board) => board.id !== id);
}

export function loadRecentBoards(store: KeyValueStore = browserStore()): RecentBoard[] {
  return parseRecentBoards(store.get(RECENT_BOARDS_KEY));
}

export function saveRecentBoards(boards: readonly RecentBoard[], store: KeyValueStore = browserStore()): void {
  store.set(RECENT_BOARDS_KEY, JSON.stringify(boards));
}

/** Applies `change` to the stored list (read, change, write: another tab may have written meanwhile). */
export function updateRecentBoards(
  change: (boards: readonly RecentBoard[]) => readonly RecentBoard[],
  store: KeyValueStore = browserStore(),
): readonly RecentBoard[] {
  const before = loadRecentBoards(store);
  const after = change(before);
  if (after !== before) saveRecentBoards(after, store);
  return after;
}

function cleanTitle(title: unknown): string {
  if (typeof title !== 'string') return UNTITLED;
  const clean = title.replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  return clean || UNTITLED;
}

function sortByVisit(boards: RecentBoard[]): RecentBoard[] {
  return boards.sort((a, b) => b.lastVisit - a.lastVisit);
}
