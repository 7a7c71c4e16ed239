/** Set by the inline script in index.html on board pages: the preview download, started before the app's bundle ran. */
interface BoardPreviewPrefetch {
  /** The edit or view id from the page's path. */
  readonly roomId: string;
  /** The body of `GET /api/rooms/<roomId>/preview.json` as text (parsed later); null when it failed or was not 200. */
  readonly body: Promise<string | null>;
}

interface Window {
  __ideaBoardPreview?: BoardPreviewPrefetch;
}
