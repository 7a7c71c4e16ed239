/**
 * A token bucket: `perSecond` on average, with bursts of up to `burst` at once.
 * Tokens refill continuously with the time between calls.
 */
export class UpdateRateLimit {
  private tokens: number;
  private lastAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.lastAt = now;
  }

  /** Takes one token; false when none is left (the caller refuses the update). */
  take(now: number): boolean {
    // A clock set back refills nothing (and takes nothing away).
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.lastAt) * this.perSecond) / 1000);
    this.lastAt = Math.max(now, this.lastAt);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
