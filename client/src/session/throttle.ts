/**
 * Runs `run` at most once per `intervalMs`, leading and trailing: the first
 * request runs at once, requests within the interval collapse into one run
 * at its end, so the last state always goes out (a cursor's final position
 * arrives even when the pointer stops mid-interval).
 */
export interface Throttle {
  /** Asks for a run: now if the interval has passed, else once at its end. */
  request(): void;
  /** Runs a pending trailing call now. */
  flush(): void;
  /** Drops a pending trailing call. */
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createThrottle(run: () => void, intervalMs: number, clock: ThrottleClock = realClock): Throttle {
  let last = -Infinity;
  let timer: unknown = null;

  const fire = (): void => {
    timer = null;
    last = clock.now();
    run();
  };

  return {
    request() {
      if (timer !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    flush() {
      if (timer === null) return;
      clock.clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
