/*
 * Offline app shell for Idea board (registered by src/sync/offlineShell.ts, production builds only).
 *
 * Why: a board reloaded without a network must still open and render from
 * IndexedDB (y-indexeddb keeps the board's updates there). That needs the page
 * itself: index.html and its hashed /assets/ files.
 *
 * - Page navigations to `/`, `/b/<id>`, `/v/<id>`: network first (a new deploy
 *   is picked up at once); when the network fails, the cached shell.
 * - `/assets/*` (content-hashed, immutable): cache first.
 * - Everything else (REST API, WebSocket, socket.io, health): not intercepted.
 *
 * On install the shell and the assets it references are cached; when a
 * navigation brings a different shell (a new deploy), assets it no longer
 * references are dropped.
 */
/* global self, caches */

const CACHE = 'idea-board-shell-v1';
const SHELL = '/';
const APP_PAGE = /^\/(?:$|b\/[^/]+\/?$|v\/[^/]+\/?$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && APP_PAGE.test(url.pathname)) {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirstPage(request) {
  try {
    const response = await fetch(request);
    if (response.ok && isHtml(response)) {
      const copy = response.clone();
      // Off the critical path: the page is answered now, the cache catches up.
      copy.text().then((html) => storeShell(html, copy.headers)).catch(() => {});
    }
    return response;
  } catch (error) {
    const cached = await caches.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** Fetches the shell and caches it with its assets (on install). */
async function refreshShell() {
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok || !isHtml(response)) return;
  await storeShell(await response.text(), response.headers);
}

/** Makes sure the assets `html` references are cached; if the shell changed, stores it and drops assets it no longer references. */
async function storeShell(html, headers) {
  const cache = await caches.open(CACHE);
  const previous = await cache.match(SHELL);
  const changed = !previous || (await previous.text()) !== html;
  const assets = assetPaths(html);
  await Promise.all(
    assets.map(async (path) => {
      if (await cache.match(path)) return;
      const response = await fetch(path);
      if (response.ok) await cache.put(path, response);
    }),
  );
  if (!changed) return;
  await cache.put(SHELL, new Response(html, { headers: { 'content-type': headers.get('content-type') ?? 'text/html' } }));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request);
  }
}

function assetPaths(html) {
  const paths = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)) paths.add(match[1]);
  return [...paths];
}

function isHtml(response) {
  return (response.headers.get('content-type') ?? '').includes('text/html');
}
