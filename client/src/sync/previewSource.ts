/**
 * Where a board page's preview comes from: `GET /api/rooms/<id>/preview.json`,
 * the board in the export format as the server's open room holds it (see
 * DESIGN.md and `BoardPreview`). The inline script in index.html starts that
 * download as the page loads, so it overlaps the app's own download and boot;
 * a page reached inside the app (no such head start) fetches it now.
 *
 * The body is not validated here (`readExportedBoard` does that); any failure
 * is null, since the board works without a preview.
 */
export function loadPreviewBody(roomId: string, target: Pick<Window, '__ideaBoardPreview'> = window): Promise<unknown> {
  const prefetched = target.__ideaBoardPreview;
  // Used once: a later visit of the same board (inside the app) must not see this old answer.
  target.__ideaBoardPreview = undefined;
  if (prefetched && prefetched.roomId === roomId) return prefetched.body.catch(() => null);
  return fetchPreviewBody(roomId);
}

async function fetchPreviewBody(roomId: string): Promise<unknown> {
  try {
    const response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/preview.json`, { headers: { accept: 'application/json' } });
    return response.ok ? ((await response.json()) as unknown) : null;
  } catch {
    return null;
  }
}
