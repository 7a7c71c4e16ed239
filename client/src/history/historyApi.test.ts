import { describe, expect, it, vi } from 'vitest';
import { HistoryApi, importBoard, parseSnapshot } from './historyApi';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const created = { id: 'E'.repeat(22), viewId: 'V'.repeat(22), ownerKey: 'k', url: 'http://x/b/E', viewUrl: 'http://x/v/V' };

describe('importBoard', () => {
  it('refuses a file that is not JSON, or not an export, without asking the server', async () => {
    const fetchFn = vi.fn();
    await expect(importBoard('{oops', fetchFn)).rejects.toThrow('the file is not valid JSON');
    // Without "format" the server would quietly make an empty board.
    await expect(importBoard('{"title":"x"}', fetchFn)).rejects.toThrow('no "format" field');
    await expect(importBoard('[1,2]', fetchFn)).rejects.toThrow('no "format" field');
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it("sends the file as it is and passes on the server's reason for a refusal", async () => {
    const text = '{"format":"idea-board","version":2,"elements":[]}';
    const fetchFn = vi.fn(async () => json(400, { error: 'invalid import: unsupported "version" 2' }));
    await expect(importBoard(text, fetchFn)).rejects.toMatchObject({ status: 400, message: 'invalid import: unsupported "version" 2' });
    expect(fetchFn).toHaveBeenCalledWith('/api/rooms', expect.objectContaining({ method: 'POST', body: text }));
  });

  it('answers with the new board', async () => {
    const room = await importBoard('{"format":"idea-board"}', async () => json(201, created));
    expect(room).toMatchObject({ id: created.id, viewId: created.viewId, ownerKey: 'k' });
  });
});

describe('HistoryApi', () => {
  it('lists snapshots, dropping entries that are not snapshots', async () => {
    const api = new HistoryApi('room-id', async () => json(200, [{ id: 's1', name: 'A', createdAt: '2026-03-10T10:00:00Z', auto: true, elementCount: 3 }, { nope: 1 }]));
    expect(await api.listSnapshots()).toEqual([{ id: 's1', name: 'A', createdAt: '2026-03-10T10:00:00Z', auto: true, elementCount: 3 }]);
  });

  it('sends the owner key to delete, and the moment to restore', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const api = new HistoryApi('room-id', async (input, init) => {
      calls.push([input, init]);
      return init?.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { restored: true });
    });
    await api.deleteSnapshot('s1', 'owner-key');
    await api.restoreAt('2026-03-10T10:00:00.000Z');
    expect(calls[0]).toEqual(['/api/rooms/room-id/snapshots/s1', expect.objectContaining({ method: 'DELETE', headers: { authorization: 'Bearer owner-key' } })]);
    expect(calls[1]![0]).toBe('/api/rooms/room-id/history/restore');
    expect(JSON.parse(String(calls[1]![1]!.body))).toEqual({ at: '2026-03-10T10:00:00.000Z' });
  });

  it('checks snapshot notices from the session channel', () => {
    expect(parseSnapshot({ id: 's', name: 'n', createdAt: 't', auto: false, elementCount: 1 })).not.toBeNull();
    expect(parseSnapshot({ id: 5 })).toBeNull();
    expect(parseSnapshot(null)).toBeNull();
  });
});
