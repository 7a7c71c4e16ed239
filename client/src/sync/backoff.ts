/**
 * Reconnect delays: "full jitter" on an exponential base (AWS Architecture
 * blog, "Exponential Backoff And Jitter"). Each attempt waits a uniformly
 * random time in [0, min(cap, base * 2^attempt)), so when a server restarts
 * and closes every socket at once, the clients come back spread over the
 * window instead of in one thundering herd. y-websocket's own backoff is
 * deterministic (2^n * 100 ms, capped), which is why BoardSync schedules
 * reconnects itself.
 */

export interface BackoffPolicy {
  /** Ceiling of the first attempt's window, in ms. */
  readonly baseMs: number;
  /** No window grows past this, in ms. */
  readonly capMs: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/** Upper bound (exclusive) of the wait before attempt `attempt` (0 = first retry). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = RECONNECT_BACKOFF): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** A random wait in [0, backoffCeiling(attempt)). `random` returns [0, 1) like Math.random. */
export function fullJitterDelay(
  attempt: number,
  policy: BackoffPolicy = RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(attempt, policy);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(unit * ceiling);
}
