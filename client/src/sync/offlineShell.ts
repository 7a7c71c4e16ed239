/**
 * Registers the service worker (`public/sw.js`) that keeps the app shell
 * cached, so a board reloaded without a network still opens and renders
 * from IndexedDB. Production builds only: in `vite dev` a cached shell would
 * fight hot reloading.
 */
let registered = false;

export function registerOfflineShell(): void {
  if (registered || !import.meta.env.PROD) return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the app works online as before; only the offline reload is lost.
    registered = false;
  });
}
