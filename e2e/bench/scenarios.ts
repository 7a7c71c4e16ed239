// Input that moves the camera (wheel pan, middle-button drag pan, ctrl+wheel zoom),
// sent through Chromium's real input pipeline (CDP Input.dispatchMouseEvent, what
// Playwright's page.mouse uses) on a 60 Hz schedule, and the frame times measured in
// the page meanwhile.
import type { CDPSession, Page } from '@playwright/test';
import { census } from './browser.js';
import type { ElementCensus } from './probe.js';
import { frameIntervals, frameStats, summarizeLoafs, type FrameStats, type LoadMonitor, type LoadWindow, type LoafSummary } from './stats.js';

const INPUT_HZ = 60;
const TICK_MS = 1000 / INPUT_HZ;
/** client/src/board/camera/camera.ts `wheelZoomFactor`: zoom *= exp(-deltaY * 0.002) */
const WHEEL_ZOOM_RATE = 0.002;
/** CDP modifier bit for Control */
const CTRL = 2;

export interface Point {
  x: number;
  y: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** 0 -> 1 -> -1 -> 0 over one period. */
function triangle(phase: number): number {
  const x = ((phase % 1) + 1) % 1;
  if (x < 0.25) return 4 * x;
  if (x < 0.75) return 2 - 4 * x;
  return 4 * x - 4;
}

/** 0 -> 1 -> 0 over one period. */
function upAndBack(phase: number): number {
  const x = ((phase % 1) + 1) % 1;
  return x < 0.5 ? 2 * x : 2 - 2 * x;
}

interface MouseParams {
  type: 'mousePressed' | 'mouseReleased' | 'mouseMoved' | 'mouseWheel';
  x: number;
  y: number;
  deltaX?: number;
  deltaY?: number;
  modifiers?: number;
  button?: 'none' | 'left' | 'middle' | 'right';
  buttons?: number;
  clickCount?: number;
}

/**
 * CDP input sent the way a device sends it: on schedule, without waiting for the page
 * to handle the previous event (Input.dispatchMouseEvent answers only once the renderer
 * acknowledged the event, so awaiting each one would slow the input down to the page's
 * pace). The browser queues and coalesces what the page has not taken yet, as it does
 * for a real mouse or trackpad. At most MAX_IN_FLIGHT events are outstanding; a tick
 * that finds that many is skipped (the input is positional, so nothing is lost: the
 * next event carries the whole movement).
 */
class InputPipe {
  static readonly MAX_IN_FLIGHT = 12;
  inFlight = 0;
  sent = 0;
  skipped = 0;
  failed = 0;

  constructor(private readonly cdp: CDPSession) {}

  get full(): boolean {
    return this.inFlight >= InputPipe.MAX_IN_FLIGHT;
  }

  mouse(params: MouseParams): Promise<void> {
    this.inFlight++;
    this.sent++;
    return this.cdp
      .send('Input.dispatchMouseEvent', params)
      .then(
        () => {},
        () => {
          this.failed++;
        },
      )
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Waits (bounded) until every event sent was handled. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(10);
  }
}

/**
 * Calls `send(t)` on a 60 Hz schedule for `durationMs` (t = ms since start, on the tick);
 * ticks missed (a late timer, a full pipe) are skipped, not sent in a burst.
 */
async function onTicks(pipe: InputPipe, durationMs: number, send: (t: number) => void): Promise<void> {
  const start = performance.now();
  let next = 0;
  for (;;) {
    const now = performance.now() - start;
    if (now >= durationMs) return;
    const tick = Math.floor(now / TICK_MS);
    if (tick >= next) {
      next = tick + 1;
      if (pipe.full) pipe.skipped++;
      else send(tick * TICK_MS);
    }
    await sleep(Math.max(1, next * TICK_MS - (performance.now() - start)));
  }
}

export interface DriveResult {
  /** events sent to the browser */
  sent: number;
  /** ticks skipped because the browser had not taken the earlier events yet */
  skipped: number;
  failed: number;
}

export type Drive = (durationMs: number) => Promise<DriveResult>;

async function drive(cdp: CDPSession, body: (pipe: InputPipe) => Promise<void>): Promise<DriveResult> {
  const pipe = new InputPipe(cdp);
  try {
    await body(pipe);
  } finally {
    await pipe.drain();
  }
  return { sent: pipe.sent, skipped: pipe.skipped, failed: pipe.failed };
}

/** Pans with the wheel (two-finger trackpad scroll) along a diamond around the start, `amplitude` screen px. */
export function wheelPan(cdp: CDPSession, at: Point, amplitude: Point, periodMs: number): Drive {
  return (durationMs) =>
    drive(cdp, async (pipe) => {
      const offset = (t: number): Point => ({
        x: amplitude.x * triangle(t / periodMs),
        y: amplitude.y * triangle(t / periodMs - 0.25),
      });
      let prev = offset(0);
      await onTicks(pipe, durationMs, (t) => {
        const o = offset(t);
        const dx = Math.round(o.x - prev.x);
        const dy = Math.round(o.y - prev.y);
        if (dx === 0 && dy === 0) return;
        prev = { x: prev.x + dx, y: prev.y + dy };
        void pipe.mouse({ type: 'mouseWheel', x: at.x, y: at.y, deltaX: dx, deltaY: dy });
      });
    });
}

/** Pans by dragging with the middle mouse button, back and forth around the start, `amplitude` px. */
export function dragPan(cdp: CDPSession, at: Point, amplitude: Point, periodMs: number): Drive {
  return (durationMs) =>
    drive(cdp, async (pipe) => {
      await pipe.mouse({ type: 'mouseMoved', x: at.x, y: at.y });
      await pipe.mouse({ type: 'mousePressed', x: at.x, y: at.y, button: 'middle', buttons: 4, clickCount: 1 });
      let last = at;
      try {
        await onTicks(pipe, durationMs, (t) => {
          last = {
            x: Math.round(at.x + amplitude.x * triangle(t / periodMs)),
            y: Math.round(at.y + amplitude.y * triangle(t / periodMs - 0.25)),
          };
          void pipe.mouse({ type: 'mouseMoved', x: last.x, y: last.y, button: 'middle', buttons: 4 });
        });
      } finally {
        await pipe.drain();
        await pipe.mouse({ type: 'mouseReleased', x: last.x, y: last.y, button: 'middle', buttons: 0, clickCount: 1 });
      }
    });
}

/**
 * Zooms with ctrl+wheel (trackpad pinch) about `at`: by `ratio` out and back in
 * (in and back out when `inFirst`) every `periodMs`.
 */
export function wheelZoom(cdp: CDPSession, at: Point, ratio: number, periodMs: number, inFirst: boolean): Drive {
  return (durationMs) =>
    drive(cdp, async (pipe) => {
      const logRange = Math.log(ratio);
      // log of the zoom relative to the start; the client zooms by exp(-deltaY * rate)
      const level = (t: number): number => (inFirst ? 1 : -1) * logRange * upAndBack(t / periodMs);
      let sentLevel = 0;
      await onTicks(pipe, durationMs, (t) => {
        const deltaY = Math.round((-(level(t) - sentLevel) / WHEEL_ZOOM_RATE) * 10) / 10;
        if (deltaY === 0) return;
        // the client clamps one event's delta to +-100
        const clamped = Math.max(-100, Math.min(100, deltaY));
        sentLevel += -clamped * WHEEL_ZOOM_RATE;
        void pipe.mouse({ type: 'mouseWheel', x: at.x, y: at.y, deltaX: 0, deltaY: clamped, modifiers: CTRL });
      });
    });
}

export interface ScenarioSpec {
  name: string;
  /** the camera while it runs, e.g. "100%" or "fit 2.7%" */
  view: string;
  stress?: boolean;
  /** whether the pan target (p95 within one frame) applies */
  panTarget?: boolean;
  durationMs: number;
  /** sends the input for `durationMs`. Absent: idle. */
  drive?: Drive;
}

export interface ScenarioResult {
  name: string;
  view: string;
  stress: boolean;
  panTarget: boolean;
  durationMs: number;
  input: DriveResult & { wheelReceived: number; pointermoveReceived: number };
  stats: FrameStats;
  /** the frame intervals, ms (JSON only) */
  intervals: number[];
  loafs: LoafSummary;
  load: LoadWindow;
  censusBefore: ElementCensus;
  censusAfter: ElementCensus;
}

/** Runs one scenario and reads the frames the page drew meanwhile. */
export async function runScenario(page: Page, spec: ScenarioSpec, monitor: LoadMonitor): Promise<ScenarioResult> {
  const before = await census(page);
  const { t0, input0 } = await page.evaluate(() => {
    const probe = window.__boardBench!;
    // counting element nodes in every remount frame would cost time in the frames measured
    probe.countMounts = false;
    return { t0: performance.now(), input0: { ...probe.input } };
  });
  monitor.start();
  const sent: DriveResult = spec.drive ? await spec.drive(spec.durationMs) : (await sleep(spec.durationMs), { sent: 0, skipped: 0, failed: 0 });
  // frames still drawing the last input
  await sleep(100);
  const load = monitor.stop();
  const { frames, loafs, input1, t1 } = await page.evaluate((start) => {
    const probe = window.__boardBench!;
    const now = performance.now();
    probe.countMounts = true;
    return { frames: probe.framesBetween(start, now), loafs: probe.loafsBetween(start, now), input1: { ...probe.input }, t1: now };
  }, t0);
  const after = await census(page);
  return {
    name: spec.name,
    view: spec.view,
    stress: spec.stress ?? false,
    panTarget: spec.panTarget ?? false,
    durationMs: t1 - t0,
    input: { ...sent, wheelReceived: input1.wheel - input0.wheel, pointermoveReceived: input1.pointermove - input0.pointermove },
    stats: frameStats(frames),
    intervals: frameIntervals(frames).map((v) => Math.round(v * 10) / 10),
    loafs: summarizeLoafs(loafs),
    load,
    censusBefore: before,
    censusAfter: after,
  };
}
