/**
 * The timeline's arithmetic: the board's change times as frames, where a
 * moment falls among them, and how a replay steps through them at a steady
 * pace (a long history is replayed in bounded time by skipping frames).
 */

/** Change times (ISO 8601) as sorted, distinct ms since epoch; unreadable ones are dropped. */
export function changeFrames(times: readonly string[]): number[] {
  const ms = times.map((t) => Date.parse(t)).filter((t) => Number.isFinite(t));
  ms.sort((a, b) => a - b);
  return ms.filter((t, i) => i === 0 || t !== ms[i - 1]);
}

/** The last frame at or before `at` (the board as it was then); 0 when `at` is before them all; -1 with no frames. */
export function frameIndexAt(frames: readonly number[], at: number): number {
  if (frames.length === 0) return -1;
  let lo = 0;
  let hi = frames.length - 1;
  if (at < frames[0]!) return 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (frames[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Pace {
  /** Time between two steps of a replay. */
  intervalMs: number;
  /** Longest a whole replay should take; more frames than fit are stepped over. */
  maxDurationMs: number;
}

export const DEFAULT_PACE: Pace = { intervalMs: 250, maxDurationMs: 15_000 };

/** Frames advanced per step so that `count` frames replay within the pace's longest duration. */
export function playbackStride(count: number, pace: Pace = DEFAULT_PACE): number {
  const steps = Math.max(1, Math.floor(pace.maxDurationMs / pace.intervalMs));
  return Math.max(1, Math.ceil((count - 1) / steps));
}

/**
 * The next frame of a replay, or null when it has reached `last`
 * (the end of the history, or of the session being replayed).
 * The last frame is always shown, even when the stride would jump past it.
 */
export function nextPlaybackFrame(index: number, stride: number, last: number): number | null {
  if (index >= last) return null;
  return Math.min(last, index + Math.max(1, stride));
}

/**
 * Where pressing play starts: from the current frame, or from `first` again
 * when the replay had already reached its end (like a video player).
 */
export function playbackStart(index: number, first: number, last: number): number {
  return index >= last || index < first ? first : index;
}

/** A frame as the API takes it (ISO 8601, to the millisecond). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
