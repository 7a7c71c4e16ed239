import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPreviewBody } from './previewSource';

const ROOM = 'A'.repeat(22);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadPreviewBody', () => {
  it("takes the page's head start once, for its own room", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const target: Pick<Window, '__ideaBoardPreview'> = { __ideaBoardPreview: { roomId: ROOM, body: Promise.resolve('{"elements":[]}') } };
    await expect(loadPreviewBody(ROOM, target)).resolves.toEqual({ elements: [] });
    expect(target.__ideaBoardPreview).toBeUndefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('fetches the preview itself without a head start for this room, and is null on any failure', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url.includes(ROOM)) return new Response(JSON.stringify({ title: 'x' }), { status: 200 });
      return new Response(JSON.stringify({ error: 'room not found' }), { status: 404 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const other = 'B'.repeat(22);
    const target: Pick<Window, '__ideaBoardPreview'> = { __ideaBoardPreview: { roomId: other, body: Promise.resolve('"stale"') } };
    await expect(loadPreviewBody(ROOM, target)).resolves.toEqual({ title: 'x' });
    // Only the first view's part of the board: the window's box and half of it again on every side.
    expect(fetchMock).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^/api/rooms/${ROOM}/preview\\.json(\\?near=-?\\d+,-?\\d+,\\d+,\\d+)?$`)), expect.anything());
    await expect(loadPreviewBody(other, target)).resolves.toBeNull();
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('offline'))));
    await expect(loadPreviewBody(ROOM, target)).resolves.toBeNull();
    await expect(loadPreviewBody(ROOM, { __ideaBoardPreview: { roomId: ROOM, body: Promise.reject(new Error('x')) } })).resolves.toBeNull();
    await expect(loadPreviewBody(ROOM, { __ideaBoardPreview: { roomId: ROOM, body: Promise.resolve('{"elements": [') } })).resolves.toBeNull();
    await expect(loadPreviewBody(ROOM, { __ideaBoardPreview: { roomId: ROOM, body: Promise.resolve(null) } })).resolves.toBeNull();
  });
});
