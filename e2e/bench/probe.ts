// The in-page side of the client benchmark. `installProbe` is given to
// `context.addInitScript`, which sends its source text to the browser and runs it
// in every page before the page's own scripts: it must stay self-contained (no
// imports, nothing from module scope, no async helpers).
//
// It only watches; it changes nothing the board does:
// - a requestAnimationFrame loop records every frame's timestamp, and a message
//   posted from it records when that frame's main-thread work (rAF callbacks,
//   style, layout, paint) was over: the message task runs right after the
//   rendering step;
// - a MutationObserver notices `[data-element-id]` nodes being added or removed
//   and attributes each change to the frame that renders it;
// - the WebSocket constructor is wrapped to time the board socket (open, each
//   message, when a big message's handling was over);
// - Long Animation Frame and long task entries are kept;
// - wheel and pointermove events reaching the page are counted (passive listeners);
// - after each frame, until both are seen, it reads whether the sync pill has left
//   "connecting" (the board is live) and whether the editing tools are enabled.
// All times are `performance.now()` of the page: milliseconds since navigation start.

export interface MountFrame {
  /** frame number (index into the frame log) */
  frame: number;
  /** the frame's rAF timestamp */
  raf: number;
  /** when the frame's main-thread work (style, layout, paint) was over */
  after: number;
  /** `[data-element-id]` nodes in the document then; -1 when not counted */
  count: number;
}

export interface SocketMessage {
  t: number;
  bytes: number;
  /** for big messages: when the handlers and the microtasks they queued were done; else -1 */
  processed: number;
}

export interface SocketLog {
  url: string;
  created: number;
  opened: number;
  count: number;
  bytes: number;
  /** the first few thousand messages */
  messages: SocketMessage[];
}

export interface LoafScript {
  start: number;
  duration: number;
  invoker: string;
  invokerType: string;
  source: string;
  forcedStyleAndLayout: number;
}

/** A Long Animation Frame entry (a frame whose work took 50 ms or more), reduced. */
export interface Loaf {
  start: number;
  duration: number;
  blocking: number;
  /** start of the rendering step (rAF callbacks), 0 when the frame did not render */
  renderStart: number;
  /** start of style and layout, 0 when none */
  styleAndLayoutStart: number;
  scripts: LoafScript[];
}

export interface FrameWindow {
  /** rAF timestamps of the frames whose timestamp lies in the window */
  raf: number[];
  /** per frame: main-thread time from the frame's start until its work was over (-1 unknown) */
  work: number[];
}

export interface ElementCensus {
  mounted: number;
  /** mounted element nodes whose box meets the visible canvas */
  onScreen: number;
  /** every element node inside the board canvas (SVG and HTML) */
  canvasNodes: number;
  /** the transform of the group holding the element nodes */
  transform: string;
  zoom: number;
  usedJsHeapBytes: number | null;
}

export interface BenchProbe {
  /** frames whose DOM gained or lost element nodes, oldest first */
  mountFrames: MountFrame[];
  /** time of the last element-node mutation, -1 if none */
  lastMutation: number;
  /** end of the first frame that showed the sync pill in a state other than "connecting" (the server's board applied); -1 not yet */
  liveAt: number;
  /** end of the first frame that showed the toolbar's editing tools enabled; -1 not yet (or a view-only page) */
  editableAt: number;
  sockets: SocketLog[];
  loafs: Loaf[];
  longTasks: Array<{ start: number; duration: number }>;
  /** count element nodes in each mount frame (costs a query per mount frame) */
  countMounts: boolean;
  /** input events that reached the page (after the browser coalesced them) */
  input: { wheel: number; pointermove: number };
  framesBetween(t0: number, t1: number): FrameWindow;
  loafsBetween(t0: number, t1: number): Loaf[];
  census(): ElementCensus;
}

declare global {
  interface Window {
    __boardBench?: BenchProbe;
  }
}

export function installProbe(): void {
  if (window.__boardBench) return;

  interface LoafScriptTiming {
    startTime: number;
    duration: number;
    invoker: string;
    invokerType: string;
    sourceURL: string;
    sourceFunctionName: string;
    sourceCharPosition: number;
    forcedStyleAndLayoutDuration: number;
  }
  /** PerformanceLongAnimationFrameTiming: not in TypeScript's DOM types yet. */
  interface LoafTiming extends PerformanceEntry {
    renderStart: number;
    styleAndLayoutStart: number;
    blockingDuration: number;
    scripts: readonly LoafScriptTiming[];
  }

  const MAX_FRAMES = 200_000;
  const MAX_MESSAGES = 5_000;
  const MAX_ENTRIES = 20_000;
  const raf: number[] = [];
  const after: number[] = [];
  let renderedUpTo = -1;
  /** frame number -> a mutation is waiting for that frame's end */
  const pendingMountFrames = new Set<number>();

  const probe: BenchProbe = {
    mountFrames: [],
    lastMutation: -1,
    liveAt: -1,
    editableAt: -1,
    sockets: [],
    loafs: [],
    longTasks: [],
    countMounts: true,
    input: { wheel: 0, pointermove: 0 },
    framesBetween(t0, t1) {
      const out: FrameWindow = { raf: [], work: [] };
      // the log is in time order: find the first frame in the window by bisection
      let lo = 0;
      let hi = raf.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((raf[mid] ?? Infinity) <= t0) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < raf.length; i++) {
        const t = raf[i] ?? Infinity;
        if (t > t1) break;
        out.raf.push(t);
        const a = after[i];
        out.work.push(a === undefined ? -1 : a - t);
      }
      return out;
    },
    loafsBetween(t0, t1) {
      return probe.loafs.filter((l) => l.start >= t0 && l.start <= t1);
    },
    census() {
      // Found by role and label, and by the element nodes' own group: the canvas's
      // inner structure is the board owner's to change.
      const nodes = document.querySelectorAll('[data-element-id]');
      const canvas = document.querySelector('[role="application"][aria-label="Board canvas"]');
      const view = canvas?.getBoundingClientRect();
      let onScreen = 0;
      if (view) {
        for (const node of nodes) {
          const r = node.getBoundingClientRect();
          if (r.right >= view.left && r.left <= view.right && r.bottom >= view.top && r.top <= view.bottom) onScreen++;
        }
      }
      const group = document.querySelector('g.viewport') ?? nodes[0]?.parentElement ?? null;
      const transform = group?.getAttribute('transform') ?? '';
      const m = /matrix\(\s*([-\d.e]+)/.exec(transform);
      let zoom = m?.[1] !== undefined ? Number(m[1]) : NaN;
      if (!Number.isFinite(zoom)) {
        // the zoom control's label, e.g. "100%"
        const label = document.querySelector('button[aria-label="Reset zoom to 100%"]')?.textContent ?? '';
        const p = /([\d.]+)\s*%/.exec(label);
        zoom = p?.[1] !== undefined ? Number(p[1]) / 100 : NaN;
      }
      // performance.memory is Chromium-only and not in the DOM types
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return {
        mounted: nodes.length,
        onScreen,
        canvasNodes: canvas ? canvas.getElementsByTagName('*').length : 0,
        transform,
        zoom,
        usedJsHeapBytes: memory ? memory.usedJSHeapSize : null,
      };
    },
  };
  window.__boardBench = probe;

  // --- when the board became live and editable ------------------------------
  // Found by the pill's state attribute and the tools' accessible names, read after a
  // frame's rendering step, so the time is the end of the frame that showed them.
  const checkLive = (at: number): void => {
    if (probe.liveAt < 0) {
      const state = document.querySelector('.sync[data-state]')?.getAttribute('data-state');
      if (state && state !== 'connecting') probe.liveAt = at;
    }
    if (probe.editableAt < 0) {
      const tool = document.querySelector('[role="toolbar"][aria-label="Board tools"] button[aria-label="Sticky note"]');
      if (tool instanceof HTMLButtonElement && !tool.disabled) probe.editableAt = at;
    }
  };

  // --- frames -------------------------------------------------------------
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<number>) => {
    const n = event.data;
    after[n] = performance.now();
    renderedUpTo = n;
    if (probe.liveAt < 0 || probe.editableAt < 0) checkLive(after[n] ?? -1);
    if (pendingMountFrames.delete(n)) {
      probe.mountFrames.push({
        frame: n,
        raf: raf[n] ?? -1,
        after: after[n] ?? -1,
        count: probe.countMounts ? document.querySelectorAll('[data-element-id]').length : -1,
      });
    }
  };
  const loop = (timestamp: number): void => {
    if (raf.length >= MAX_FRAMES) return;
    raf.push(timestamp);
    channel.port2.postMessage(raf.length - 1);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  // --- element nodes mounted / unmounted ----------------------------------
  const touchesElements = (nodes: NodeList): boolean => {
    for (const node of nodes) {
      if (node instanceof Element && (node.hasAttribute('data-element-id') || node.querySelector('[data-element-id]') !== null)) {
        return true;
      }
    }
    return false;
  };
  new MutationObserver((records) => {
    let relevant = false;
    for (const record of records) {
      if (touchesElements(record.addedNodes) || touchesElements(record.removedNodes)) {
        relevant = true;
        break;
      }
    }
    if (!relevant) return;
    probe.lastMutation = performance.now();
    // Inside frame N's rendering step (our rAF callback for N ran, its message not yet):
    // this change is painted in frame N. Between frames: in the next one.
    const current = raf.length - 1;
    pendingMountFrames.add(renderedUpTo < current ? current : current + 1);
  }).observe(document, { childList: true, subtree: true });

  // --- the board's sockets ---------------------------------------------------
  const NativeWebSocket = window.WebSocket;
  class ProbedWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const log: SocketLog = { url: String(url), created: performance.now(), opened: -1, count: 0, bytes: 0, messages: [] };
      probe.sockets.push(log);
      this.addEventListener('open', () => {
        log.opened = performance.now();
      });
      // Added before the page's own onmessage handler is set, so it runs first.
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data;
        const bytes = data instanceof ArrayBuffer ? data.byteLength : data instanceof Blob ? data.size : String(data).length;
        const message: SocketMessage = { t: performance.now(), bytes, processed: -1 };
        log.count++;
        log.bytes += bytes;
        if (log.messages.length < MAX_MESSAGES) log.messages.push(message);
        if (bytes >= 64 * 1024) {
          // runs after this event's other handlers and the microtasks they queued
          const done = new MessageChannel();
          done.port1.onmessage = () => {
            message.processed = performance.now();
            done.port1.close();
          };
          done.port2.postMessage(0);
        }
      });
    }
  }
  window.WebSocket = ProbedWebSocket;

  // --- input that reached the page (passive: the board's own listeners decide everything) ---
  window.addEventListener('wheel', () => probe.input.wheel++, { capture: true, passive: true });
  window.addEventListener('pointermove', () => probe.input.pointermove++, { capture: true, passive: true });

  // --- long frames and long tasks --------------------------------------------
  try {
    new PerformanceObserver((list) => {
      for (const raw of list.getEntries()) {
        if (probe.loafs.length >= MAX_ENTRIES) return;
        const entry = raw as LoafTiming;
        probe.loafs.push({
          start: entry.startTime,
          duration: entry.duration,
          blocking: entry.blockingDuration,
          renderStart: entry.renderStart,
          styleAndLayoutStart: entry.styleAndLayoutStart,
          scripts: entry.scripts.map((s) => ({
            start: s.startTime,
            duration: s.duration,
            invoker: s.invoker,
            invokerType: s.invokerType,
            source: `${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL.replace(/^.*\//, '')}:${s.sourceCharPosition}`,
            forcedStyleAndLayout: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // not supported by this browser: no long-frame breakdown
  }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (probe.longTasks.length < MAX_ENTRIES) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // not supported
  }
}
