import { describe, expect, it } from 'vitest';
import { createThrottle, type ThrottleClock } from './throttle';

/** A hand-driven clock: time only moves when the test says so. */
function manualClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}

describe('createThrottle', () => {
  it('runs the first request at once and at most once per interval after that', () => {
    const { clock, advance } = manualClock();
    const runs: number[] = [];
    const throttle = createThrottle(() => runs.push(clock.now()), 50, clock);
    throttle.request();
    expect(runs).toEqual([0]);
    // 1 kHz of pointer moves for 200 ms.
    for (let t = 0; t < 200; t++) {
      advance(1);
      throttle.request();
    }
    advance(100);
    expect(runs).toEqual([0, 50, 100, 150, 200, 250]); // the request at 200 came just after the run at 200
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('always sends a trailing run after the last request (the final cursor position arrives)', () => {
    const { clock, advance, pending } = manualClock();
    let value = 0;
    const sent: number[] = [];
    const throttle = createThrottle(() => sent.push(value), 50, clock);
    value = 1;
    throttle.request();
    advance(10);
    value = 2;
    throttle.request();
    advance(10);
    value = 3;
    throttle.request();
    expect(sent).toEqual([1]);
    expect(pending()).toBe(1);
    advance(40);
    expect(sent).toEqual([1, 3]);
    expect(pending()).toBe(0);
  });

  it('runs again at once after a quiet interval', () => {
    const { clock, advance } = manualClock();
    const runs: number[] = [];
    const throttle = createThrottle(() => runs.push(clock.now()), 50, clock);
    throttle.request();
    advance(500);
    throttle.request();
    expect(runs).toEqual([0, 500]);
  });

  it('flush runs a pending call now; cancel drops it', () => {
    const { clock, advance } = manualClock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 50, clock);
    throttle.request();
    throttle.request();
    throttle.flush();
    expect(runs).toBe(2);
    advance(60);
    throttle.request();
    throttle.request();
    throttle.cancel();
    advance(100);
    expect(runs).toBe(3);
  });
});
