import type { HistoryApi, SnapshotMeta } from './historyApi';
import type { Box } from '@idea-board/shared';
import { readState, renderBoard, type PastBoard, type RenderedBoard } from './renderState';
import { changeFrames, DEFAULT_PACE, isoTime, frameIndexAt, nextPlaybackFrame, playbackStart, playbackStride, type Pace } from './timeline';

/** What the read-only overlay shows: a snapshot, or the board at a moment on the timeline. */
export type ViewTarget = { kind: 'snapshot'; snapshot: SnapshotMeta } | { kind: 'timeline' };

/** How long the scrubber must rest before the moment under it is fetched. */
export const SCRUB_DEBOUNCE_MS = 150;
const CACHE_SIZE = 64;

/**
 * The read-only view over the live board: which past board it shows, that
 * board's drawing, and the timeline (frames = the board's change times, the
 * current frame, replay). Fetches are latest-wins: a new target or frame
 * aborts the one in flight, and recent drawings are cached so scrubbing back
 * and forth and replaying twice cost nothing.
 */
export class HistoryView {
  #target = $state.raw<ViewTarget | null>(null);
  #rendered = $state.raw<RenderedBoard | null>(null);
  #loading = $state(false);
  #error = $state<string | null>(null);

  #frames = $state.raw<number[]>([]);
  #index = $state(-1);
  #playing = $state(false);
  #replayRange: { first: number; last: number } | null = null;

  #controller: AbortController | null = null;
  #scrubTimer: ReturnType<typeof setTimeout> | null = null;
  #playTimer: ReturnType<typeof setTimeout> | null = null;
  // Not state: nothing renders from the cache itself.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cache = new Map<string, PastBoard>();
  /** The world area drawn: starts as the live board's, grows to hold what a past board had, never shrinks while open. */
  #frame: Box | null = null;

  readonly #api: HistoryApi;
  readonly #pace: Pace;
  readonly #liveBounds: () => Box | null;

  /** `liveBounds`: the area the live board covers, so past boards line up with it. */
  constructor(api: HistoryApi, options: { pace?: Pace; liveBounds?: () => Box | null } = {}) {
    this.#api = api;
    this.#pace = options.pace ?? DEFAULT_PACE;
    this.#liveBounds = options.liveBounds ?? (() => null);
  }

  get target(): ViewTarget | null {
    return this.#target;
  }

  get rendered(): RenderedBoard | null {
    return this.#rendered;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get error(): string | null {
    return this.#error;
  }

  get frames(): number[] {
    return this.#frames;
  }

  get index(): number {
    return this.#index;
  }

  /** The moment shown on the timeline (ms since epoch), or null. */
  get moment(): number | null {
    return this.#frames[this.#index] ?? null;
  }

  get playing(): boolean {
    return this.#playing;
  }

  openSnapshot(snapshot: SnapshotMeta): void {
    this.#stop();
    this.#target = { kind: 'snapshot', snapshot };
    this.#rendered = null;
    this.#frame = this.#liveBounds();
    void this.#show(`snapshot:${snapshot.id}`, (signal) => this.#api.snapshotState(snapshot.id, signal));
  }

  /**
   * Opens the timeline at `at` (default: the latest change). With `replay`,
   * plays from there up to `replay.until` (a session's end) or the end.
   */
  async openTimeline(options: { at?: number; replay?: { until?: number } } = {}): Promise<void> {
    this.#stop();
    this.#controller?.abort();
    const target: ViewTarget = { kind: 'timeline' };
    this.#target = target;
    this.#rendered = null;
    this.#frame = this.#liveBounds();
    this.#error = null;
    this.#loading = true;
    try {
      this.#frames = changeFrames(await this.#api.changeTimes());
    } catch (cause) {
      if (this.#target !== target) return;
      this.#loading = false;
      this.#error = cause instanceof Error ? cause.message : 'the history could not be loaded';
      return;
    }
    // Closed, or opened again, meanwhile.
    if (this.#target !== target) return;
    if (this.#frames.length === 0) {
      this.#loading = false;
      this.#rendered = null;
      this.#index = -1;
      return;
    }
    const last = this.#frames.length - 1;
    const start = options.at === undefined ? last : frameIndexAt(this.#frames, options.at);
    if (options.replay) {
      const end = options.replay.until === undefined ? last : frameIndexAt(this.#frames, options.replay.until);
      this.#replayRange = { first: start, last: Math.max(start, end) };
      this.#index = start;
      this.play();
    } else {
      this.#showFrame(start);
    }
  }

  /** Moves the scrubber; the drawing follows once it rests (SCRUB_DEBOUNCE_MS). Stops a replay. */
  scrub(index: number): void {
    if (this.#frames.length === 0) return;
    this.#stop();
    this.#index = Math.max(0, Math.min(this.#frames.length - 1, Math.round(index)));
    if (this.#scrubTimer) clearTimeout(this.#scrubTimer);
    this.#scrubTimer = setTimeout(() => {
      this.#scrubTimer = null;
      this.#showFrame(this.#index);
    }, SCRUB_DEBOUNCE_MS);
  }

  /** One change back or forward, shown at once (buttons and keys, not dragging). */
  step(delta: number): void {
    if (this.#frames.length === 0) return;
    this.#stop();
    this.#showFrame(Math.max(0, Math.min(this.#frames.length - 1, this.#index + delta)));
  }

  play(): void {
    if (this.#frames.length < 2 || this.#target?.kind !== 'timeline') return;
    const range = this.#replayRange ?? { first: 0, last: this.#frames.length - 1 };
    this.#replayRange = range;
    this.#playing = true;
    this.#clearScrub();
    const start = playbackStart(this.#index, range.first, range.last);
    const stride = playbackStride(range.last - range.first + 1, this.#pace);
    const tick = async (index: number): Promise<void> => {
      await this.#showFrame(index);
      if (!this.#playing) return;
      const next = nextPlaybackFrame(index, stride, range.last);
      if (next === null) {
        this.pause();
        return;
      }
      this.#playTimer = setTimeout(() => void tick(next), this.#pace.intervalMs);
    };
    void tick(start);
  }

  /** Pauses a replay; play resumes it (within the same session, for a session replay). */
  pause(): void {
    this.#playing = false;
    if (this.#playTimer) clearTimeout(this.#playTimer);
    this.#playTimer = null;
  }

  close(): void {
    this.#stop();
    this.#clearScrub();
    this.#controller?.abort();
    this.#controller = null;
    this.#target = null;
    this.#rendered = null;
    this.#loading = false;
    this.#error = null;
  }

  destroy(): void {
    this.close();
    this.#cache.clear();
  }

  /** Pauses and forgets the replay's range: the next play covers the whole history. */
  #stop(): void {
    this.pause();
    this.#replayRange = null;
  }

  #clearScrub(): void {
    if (this.#scrubTimer) clearTimeout(this.#scrubTimer);
    this.#scrubTimer = null;
  }

  #showFrame(index: number): Promise<void> {
    const at = this.#frames[index];
    if (at === undefined) return Promise.resolve();
    this.#index = index;
    return this.#show(`moment:${at}`, (signal) => this.#api.stateAt(isoTime(at), signal));
  }

  async #show(key: string, load: (signal: AbortSignal) => Promise<Uint8Array>): Promise<void> {
    this.#controller?.abort();
    this.#controller = null;
    const cached = this.#cache.get(key);
    if (cached) {
      this.#draw(cached);
      this.#loading = false;
      this.#error = null;
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#loading = true;
    try {
      const board = readState(await load(controller.signal));
      if (controller.signal.aborted) return;
      this.#remember(key, board);
      this.#draw(board);
      this.#error = null;
    } catch (cause) {
      if (controller.signal.aborted) return;
      this.#error = cause instanceof Error ? cause.message : 'this board could not be loaded';
      this.pause();
    } finally {
      if (this.#controller === controller) {
        this.#controller = null;
        this.#loading = false;
      }
    }
  }

  #draw(board: PastBoard): void {
    const rendered = renderBoard(board, this.#frame);
    this.#frame = rendered.frame;
    this.#rendered = rendered;
  }

  #remember(key: string, board: PastBoard): void {
    this.#cache.delete(key);
    this.#cache.set(key, board);
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
  }
}
