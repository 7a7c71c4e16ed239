import { parseRoute, type Route } from './routes';

/**
 * The current page, kept in step with the address bar. History navigation
 * (back/forward) is picked up through `popstate`; in-app navigation goes
 * through `navigate`.
 */
export class Router {
  #pathname = $state(window.location.pathname);
  readonly route: Route = $derived(parseRoute(this.#pathname));

  constructor() {
    window.addEventListener('popstate', this.#onPopState);
  }

  navigate(path: string): void {
    if (path === window.location.pathname) return;
    window.history.pushState(null, '', path);
    this.#pathname = window.location.pathname;
  }

  destroy(): void {
    window.removeEventListener('popstate', this.#onPopState);
  }

  #onPopState = (): void => {
    this.#pathname = window.location.pathname;
  };
}
