// Chromium as the e2e tests drive it (chromium.ts), the board page with the probe
// installed, and the first-render measurement.
import { chromium, devices, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions, VIEWPORT } from './chromium.js';
import { installProbe, type ElementCensus, type Loaf, type MountFrame, type SocketLog } from './probe.js';
import { summarizeLoafs, type LoafSummary } from './stats.js';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ headless: true, ...chromiumLaunchOptions(), timeout: 60_000 });
}

/** A fresh context (own cache, storage, IndexedDB) as one person opening the shared link. */
export async function newBoardContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...devices['Desktop Chrome'],
    viewport: { ...VIEWPORT },
    deviceScaleFactor: 1,
  });
  // A picked name: no first-visit welcome card over the board (client/src/identity/identity.ts, NAME_KEY).
  await context.addInitScript(() => window.localStorage.setItem('idea-board:name', 'Bench'));
  await context.addInitScript(installProbe);
  return context;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface MountState {
  mountFrames: MountFrame[];
  lastMutation: number;
  now: number;
}

async function mountState(page: Page): Promise<MountState> {
  return page.evaluate(() => {
    const probe = window.__boardBench;
    if (!probe) throw new Error('the bench probe is not installed in this page');
    return { mountFrames: probe.mountFrames, lastMutation: probe.lastMutation, now: performance.now() };
  });
}

/**
 * Waits until element nodes were mounted (more than `minCount` of them, and at least one
 * mount frame after `since`) and then left alone for `stableMs`; returns the mount frames.
 */
export async function waitForStableMount(page: Page, since: number, stableMs: number, timeoutMs: number, minCount = 0): Promise<MountState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await mountState(page);
    const frames = state.mountFrames.filter((f) => f.raf >= since || f.after >= since);
    const last = frames.at(-1);
    if (
      last !== undefined &&
      last.count > minCount &&
      last.after >= state.lastMutation &&
      state.now - state.lastMutation >= stableMs
    ) {
      return { ...state, mountFrames: frames };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no stable board within ${timeoutMs} ms (mount frames: ${frames.length}, last count ${last?.count ?? 'none'}, ` +
          `last change ${state.lastMutation.toFixed(0)} ms, now ${state.now.toFixed(0)} ms)`,
      );
    }
    await sleep(100);
  }
}

/** Waits (bounded) until the page showed the board live and editable; returns when it did (-1: not within the time). */
export async function waitForLive(page: Page, timeoutMs: number): Promise<{ liveAt: number; editableAt: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await page.evaluate(() => ({ liveAt: window.__boardBench!.liveAt, editableAt: window.__boardBench!.editableAt }));
    if ((seen.liveAt >= 0 && seen.editableAt >= 0) || Date.now() > deadline) return seen;
    await sleep(100);
  }
}

export async function census(page: Page): Promise<ElementCensus> {
  return page.evaluate(() => window.__boardBench!.census());
}

/** Waits (bounded) until the page had no long animation frame for `quietMs`; returns how long it waited. */
export async function waitForQuiet(page: Page, quietMs: number, maxMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const quietFor = await page.evaluate(() => {
      const probe = window.__boardBench!;
      const last = probe.loafs.at(-1);
      const lastTask = probe.longTasks.at(-1);
      const end = Math.max(last ? last.start + last.duration : 0, lastTask ? lastTask.start + lastTask.duration : 0);
      return performance.now() - end;
    });
    if (quietFor >= quietMs || Date.now() - t0 > maxMs) return Date.now() - t0;
    await sleep(Math.max(50, Math.min(quietMs - quietFor, 250)));
  }
}

export interface LoadResult {
  url: string;
  /** navigation start -> end of the main-thread work of the frame that mounted the final set of elements */
  firstRenderMs: number;
  /** navigation start -> end of the first frame with any element mounted */
  firstElementsMs: number;
  /** navigation start -> end of the first frame whose sync pill left "connecting" (the server's board applied); -1 never */
  liveMs: number;
  /** navigation start -> end of the first frame with the editing tools enabled; -1 never */
  editableMs: number;
  /** frames that changed the mounted elements before the board was stable */
  mountFrameCount: number;
  responseEndMs: number;
  domContentLoadedMs: number;
  loadEventMs: number;
  firstContentfulPaintMs: number | null;
  /** the board's preview (`/api/rooms/<id>/preview.json`, drawn before the live board): request start, first byte, last byte; null when not requested */
  preview: { requestMs: number; firstByteMs: number; receivedMs: number; bytes: number } | null;
  boardSocket: {
    createdMs: number;
    openMs: number;
    /** the biggest message (the sync step 2 with the whole board) */
    syncMessageMs: number;
    syncMessageBytes: number;
    /** when the page had handled it (Yjs applied it, the element index observed it) */
    syncProcessedMs: number;
    totalBytes: number;
  } | null;
  census: ElementCensus;
  /** long tasks before the first render */
  longTasksBeforeRender: { count: number; totalMs: number };
  /** long animation frames before the first render */
  loafsBeforeRender: LoafSummary;
}

function boardSocketFigures(sockets: SocketLog[], loafs: readonly Loaf[], roomId: string): LoadResult['boardSocket'] {
  const socket = sockets.find((s) => s.url.includes('/yjs') && s.url.includes(roomId));
  if (!socket) return null;
  let biggest = socket.messages[0];
  for (const m of socket.messages) if (biggest === undefined || m.bytes > biggest.bytes) biggest = m;
  // When the page had applied it: the end of the socket's message handler as the long
  // frame it caused recorded it; else when a task posted from our listener ran (which
  // can be after the next frame, so later).
  let processed = biggest?.processed ?? -1;
  if (biggest) {
    for (const l of loafs) {
      for (const s of l.scripts) {
        if (s.invoker === 'DOMWebSocket.onmessage' && s.start >= biggest.t - 1 && s.start <= biggest.t + 1000) {
          processed = s.start + s.duration;
        }
      }
    }
  }
  return {
    createdMs: socket.created,
    openMs: socket.opened,
    syncMessageMs: biggest?.t ?? -1,
    syncMessageBytes: biggest?.bytes ?? 0,
    syncProcessedMs: processed,
    totalBytes: socket.bytes,
  };
}

/** Navigates to the board and times it to the rendered board (see README.md, "First render"). */
export async function measureLoad(page: Page, url: string, roomId: string, stableMs: number, reload = false): Promise<LoadResult> {
  if (reload) await page.reload({ waitUntil: 'commit', timeout: 30_000 });
  else await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
  const state = await waitForStableMount(page, 0, stableMs, 30_000);
  const live = await waitForLive(page, 30_000);
  const first = state.mountFrames[0]!;
  const last = state.mountFrames.at(-1)!;
  const details = await page.evaluate((renderEnd) => {
    const probe = window.__boardBench!;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const longTasks = probe.longTasks.filter((t) => t.start <= renderEnd);
    const preview = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes('/preview.json'));
    return {
      preview: preview
        ? { requestMs: preview.startTime, firstByteMs: preview.responseStart, receivedMs: preview.responseEnd, bytes: preview.encodedBodySize }
        : null,
      responseEnd: nav?.responseEnd ?? -1,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? -1,
      loadEvent: nav?.loadEventEnd ?? -1,
      fcp: fcp?.startTime ?? null,
      sockets: probe.sockets,
      longTasks: { count: longTasks.length, totalMs: longTasks.reduce((a, t) => a + t.duration, 0) },
      // a bit past the render too: the board message's handler may have ended just after it
      loafs: probe.loafs.filter((l) => l.start <= renderEnd + 1000),
    };
  }, last.after);
  return {
    url,
    firstRenderMs: last.after,
    firstElementsMs: first.after,
    liveMs: live.liveAt,
    editableMs: live.editableAt,
    mountFrameCount: state.mountFrames.length,
    responseEndMs: details.responseEnd,
    domContentLoadedMs: details.domContentLoaded,
    loadEventMs: details.loadEvent,
    firstContentfulPaintMs: details.fcp,
    preview: details.preview,
    boardSocket: boardSocketFigures(details.sockets, details.loafs, roomId),
    census: await census(page),
    longTasksBeforeRender: details.longTasks,
    loafsBeforeRender: summarizeLoafs(details.loafs.filter((l) => l.start <= last.after)),
  };
}
