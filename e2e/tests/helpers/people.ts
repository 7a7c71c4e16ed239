import type { Browser, BrowserContext, Page } from '@playwright/test';

/** A fresh browser context for someone who has already picked a display name (no welcome card). */
export async function contextAs(browser: Browser, name: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript((displayName) => {
    window.localStorage.setItem('idea-board:name', displayName);
  }, name);
  return context;
}

/** A page in a fresh context of its own, for someone who has already picked a display name. */
export async function openAs(browser: Browser, name: string): Promise<Page> {
  return (await contextAs(browser, name)).newPage();
}
