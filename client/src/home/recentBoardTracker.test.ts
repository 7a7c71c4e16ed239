import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memoryStore } from '../storage/localStore';
import { loadRecentBoards } from '../storage/recentBoards';
import { trackRecentBoard } from './recentBoardTracker';

const ID = 'RoomRoomRoomRoomRoomRoom';

describe('trackRecentBoard', () => {
  it('records the visit, then the title from the API, then from the document as it changes', async () => {
    const store = memoryStore();
    const doc = new Y.Doc();
    let answer: (title: string) => void = () => {};
    const stop = trackRecentBoard(
      { id: ID, role: 'editor', doc },
      { store, now: () => 1000, fetchTitle: () => new Promise((resolve) => (answer = resolve)) },
    );
    expect(loadRecentBoards(store)).toEqual([{ id: ID, role: 'editor', title: 'Untitled board', lastVisit: 1000 }]);

    answer('From the API');
    await Promise.resolve();
    await Promise.resolve();
    expect(loadRecentBoards(store)[0]?.title).toBe('From the API');

    doc.getMap('meta').set('title', 'Renamed live');
    expect(loadRecentBoards(store)[0]?.title).toBe('Renamed live');

    stop();
    doc.getMap('meta').set('title', 'After leaving');
    expect(loadRecentBoards(store)[0]?.title).toBe('Renamed live');
  });

  it('prefers the document title over a late API answer, and survives a failed lookup', async () => {
    const store = memoryStore();
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', 'In the doc');
    trackRecentBoard({ id: ID, role: 'viewer', doc }, { store, now: () => 5, fetchTitle: async () => 'Stale' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loadRecentBoards(store)[0]).toMatchObject({ title: 'In the doc', role: 'viewer' });

    const offline = memoryStore();
    trackRecentBoard({ id: ID, role: 'editor', doc: new Y.Doc() }, { store: offline, fetchTitle: async () => Promise.reject(new Error('offline')) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loadRecentBoards(offline)[0]?.title).toBe('Untitled board');
  });
});
