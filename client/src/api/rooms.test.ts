import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createRoom, getRoomInfo } from './rooms';

const EDIT_ID = 'EditEditEditEditEditEditEditEdit';
const VIEW_ID = 'ViewViewViewViewViewViewViewView';

function answer(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('rooms API', () => {
  it('posts the title and returns the created room', async () => {
    const room = { id: EDIT_ID, viewId: VIEW_ID, ownerKey: 'k', url: `/b/${EDIT_ID}`, viewUrl: `/v/${VIEW_ID}` };
    answer(201, room);
    await expect(createRoom('Retro')).resolves.toEqual(room);
    const [url, init] = vi.mocked(fetch).mock.calls[0] ?? [];
    expect(url).toBe('/api/rooms');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ title: 'Retro' });
  });

  it('accepts ISO or numeric timestamps in the room description', async () => {
    answer(200, { viewId: VIEW_ID, title: 'T', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: 5, elementCount: 0 });
    await expect(getRoomInfo(VIEW_ID)).resolves.toMatchObject({ viewId: VIEW_ID, title: 'T' });
  });

  it('turns error answers into ApiError with the server reason', async () => {
    answer(404, { error: 'unknown room' });
    await expect(getRoomInfo(EDIT_ID)).rejects.toEqual(new ApiError(404, 'unknown room'));
  });

  it('refuses answers that do not fit the contract', async () => {
    answer(201, { id: 'short', viewId: VIEW_ID });
    await expect(createRoom('x')).rejects.toBeInstanceOf(ApiError);
  });
});
