import { describe, expect, it } from 'vitest';
import { changeFrames, frameIndexAt, nextPlaybackFrame, playbackStart, playbackStride } from './timeline';

describe('changeFrames', () => {
  it('sorts, removes duplicates (several changes in one millisecond) and drops unreadable times', () => {
    const frames = changeFrames(['2026-03-10T10:00:02.000Z', 'junk', '2026-03-10T10:00:01.000Z', '2026-03-10T10:00:02.000Z']);
    expect(frames).toEqual([Date.parse('2026-03-10T10:00:01.000Z'), Date.parse('2026-03-10T10:00:02.000Z')]);
  });
});

describe('frameIndexAt', () => {
  const frames = [100, 200, 300];
  it('finds the last change at or before a moment', () => {
    expect(frameIndexAt(frames, 100)).toBe(0);
    expect(frameIndexAt(frames, 250)).toBe(1);
    expect(frameIndexAt(frames, 300)).toBe(2);
    expect(frameIndexAt(frames, 10_000)).toBe(2);
  });
  it('clamps a moment before the first change to it, and says -1 with no changes', () => {
    expect(frameIndexAt(frames, 5)).toBe(0);
    expect(frameIndexAt([], 5)).toBe(-1);
  });
  it('agrees with a linear scan on a long history', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i * 7);
    for (const at of [0, 1, 6, 7, 8, 3500, 6993, 7000]) {
      let expected = 0;
      long.forEach((t, i) => {
        if (t <= at) expected = i;
      });
      expect(frameIndexAt(long, at)).toBe(expected);
    }
  });
});

describe('replay stepping', () => {
  const pace = { intervalMs: 250, maxDurationMs: 10_000 };

  it('steps one change at a time when the history is short', () => {
    expect(playbackStride(20, pace)).toBe(1);
    expect(playbackStride(41, pace)).toBe(1);
  });

  it('skips changes so that a long history still replays in bounded time', () => {
    const stride = playbackStride(10_000, pace);
    expect(stride).toBe(250);
    let index = 0;
    let steps = 0;
    for (let next = nextPlaybackFrame(index, stride, 9_999); next !== null; next = nextPlaybackFrame(index, stride, 9_999)) {
      index = next;
      steps++;
    }
    expect(index).toBe(9_999);
    expect(steps * pace.intervalMs).toBeLessThanOrEqual(pace.maxDurationMs);
  });

  it('always lands on the last frame and then stops', () => {
    expect(nextPlaybackFrame(8, 5, 10)).toBe(10);
    expect(nextPlaybackFrame(10, 5, 10)).toBeNull();
    expect(nextPlaybackFrame(12, 1, 10)).toBeNull();
  });

  it('stops at the end of a session being replayed, not at the end of the history', () => {
    const frames = [];
    for (let i: number | null = 3; i !== null; i = nextPlaybackFrame(i, 1, 6)) frames.push(i);
    expect(frames).toEqual([3, 4, 5, 6]);
  });

  it('starts again from the beginning when play is pressed at the end', () => {
    expect(playbackStart(10, 0, 10)).toBe(0);
    expect(playbackStart(4, 0, 10)).toBe(4);
    expect(playbackStart(1, 3, 10)).toBe(3);
  });
});
