import { paddedBox } from '../board/store/culler';

/**
 * Where a board page's preview comes from: `GET /api/rooms/<id>/preview.json`,
 * the board in the export format as the server's open room holds it (see
 * DESIGN.md and `BoardPreview`). The inline script in index.html starts that
 * download as the page loads, so it overlaps the app's own download and boot;
 * a page reached inside the app (no such head start) fetches it now.
 *
 * The body is parsed here, not validated (`readExportedBoard` does that); any
 * failure is null, since the board works without a preview.
 */
export function loadPreviewBody(roomId: string, target: Pick<Window, '__ideaBoardPreview'> = window): Promise<unknown> {
  const prefetched = target.__ideaBoardPreview;
  // Used once: a later visit of the same board (inside the app) must not see this old answer.
  target.__ideaBoardPreview = undefined;
  if (prefetched && prefetched.roomId === roomId) return prefetched.body.then(parseBody, () => null);
  return fetchPreviewBody(roomId);
}

function parseBody(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The part of the board the first view mounts (the same box the inline script in
 * index.html asks for): the origin at the canvas's top-left at 100%, padded as the
 * board pads what it mounts, with the window standing for the canvas (it is at least as big).
 */
function firstViewBox(width: number, height: number): string {
  const box = paddedBox({ minX: 0, minY: 0, maxX: Math.ceil(width), maxY: Math.ceil(height) });
  return [box.minX, box.minY, box.maxX, box.maxY].map(Math.ceil).join(',');
}

async function fetchPreviewBody(roomId: string): Promise<unknown> {
  try {
    const near = typeof window === 'undefined' ? '' : `?near=${firstViewBox(window.innerWidth, window.innerHeight)}`;
    const response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/preview.json${near}`, { headers: { accept: 'application/json' } });
    return response.ok ? parseBody(await response.text()) : null;
  } catch {
    return null;
  }
}
