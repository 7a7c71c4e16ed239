import { describe, expect, it } from 'vitest';
import { memoryStore } from './localStore';
import {
  loadRecentBoards,
  MAX_RECENT_BOARDS,
  parseRecentBoards,
  recordVisit,
  removeRecent,
  renameRecent,
  RECENT_BOARDS_KEY,
  updateRecentBoards,
  type RecentBoard,
} from './recentBoards';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const C = 'CCCCCCCCCCCCCCCCCCCCCC';

describe('recent boards', () => {
  it('puts an opened board first and keeps one entry per board', () => {
    let list = recordVisit([], { id: A, role: 'editor', title: 'Retro', at: 1 });
    list = recordVisit(list, { id: B, role: 'viewer', title: 'Plan', at: 2 });
    list = recordVisit(list, { id: A, role: 'editor', at: 3 });
    expect(list).toEqual([
      { id: A, role: 'editor', title: 'Retro', lastVisit: 3 },
      { id: B, role: 'viewer', title: 'Plan', lastVisit: 2 },
    ]);
  });

  it('names a board "Untitled board" until its title is known, then renames it', () => {
    let list: readonly RecentBoard[] = recordVisit([], { id: A, role: 'editor', title: null, at: 1 });
    expect(list[0]?.title).toBe('Untitled board');
    list = renameRecent(list, A, '  Q3   planning\n');
    expect(list[0]?.title).toBe('Q3 planning');
    expect(renameRecent(list, A, 'Q3 planning')).toBe(list);
    expect(renameRecent(list, B, 'Other')).toBe(list);
  });

  it('removes an entry', () => {
    const list = [
      { id: A, role: 'editor' as const, title: 'a', lastVisit: 2 },
      { id: B, role: 'editor' as const, title: 'b', lastVisit: 1 },
    ];
    expect(removeRecent(list, A).map((board) => board.id)).toEqual([B]);
  });

  it('keeps at most MAX_RECENT_BOARDS, dropping the oldest', () => {
    let list: RecentBoard[] = [];
    for (let i = 0; i < MAX_RECENT_BOARDS + 5; i++) {
      list = recordVisit(list, { id: `board-${String(i).padStart(16, '0')}`, role: 'editor', title: `b${i}`, at: i });
    }
    expect(list).toHaveLength(MAX_RECENT_BOARDS);
    expect(list[0]?.title).toBe(`b${MAX_RECENT_BOARDS + 4}`);
    expect(list.some((board) => board.title === 'b0')).toBe(false);
  });

  it('reads back only valid entries, newest first', () => {
    const raw = JSON.stringify([
      { id: A, role: 'editor', title: 'old', lastVisit: 1 },
      { id: 'short', role: 'editor', title: 'bad id', lastVisit: 5 },
      { id: B, role: 'owner', title: 'bad role', lastVisit: 5 },
      { id: C, role: 'viewer', title: 42, lastVisit: 9 },
      { id: A, role: 'editor', title: 'duplicate', lastVisit: 0 },
      null,
      { id: B, role: 'editor', title: 'no time' },
    ]);
    expect(parseRecentBoards(raw)).toEqual([
      { id: C, role: 'viewer', title: 'Untitled board', lastVisit: 9 },
      { id: A, role: 'editor', title: 'old', lastVisit: 1 },
    ]);
    expect(parseRecentBoards('{')).toEqual([]);
    expect(parseRecentBoards(null)).toEqual([]);
  });

  it('updates the stored list read-modify-write', () => {
    const store = memoryStore();
    updateRecentBoards((list) => recordVisit(list, { id: A, role: 'editor', title: 'One', at: 1 }), store);
    updateRecentBoards((list) => recordVisit(list, { id: B, role: 'editor', title: 'Two', at: 2 }), store);
    expect(loadRecentBoards(store).map((board) => board.title)).toEqual(['Two', 'One']);
    const before = store.data.get(RECENT_BOARDS_KEY);
    updateRecentBoards((list) => renameRecent(list, C, 'nothing'), store);
    expect(store.data.get(RECENT_BOARDS_KEY)).toBe(before);
  });
});
