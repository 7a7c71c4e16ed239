import { describe, expect, it } from 'vitest';
import { UpdateRateLimit } from '../src/rooms/UpdateRateLimit.js';

describe('update rate limit', () => {
  it('allows a burst at once, then the average rate, never more', () => {
    const limit = new UpdateRateLimit(10, 20, 0);
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (limit.take(0)) allowed++;
    expect(allowed).toBe(20);
    // One second later: ten more, and not eleven.
    allowed = 0;
    for (let i = 0; i < 50; i++) if (limit.take(1000)) allowed++;
    expect(allowed).toBe(10);
  });

  it('never refuses a sender that keeps to the rate', () => {
    const limit = new UpdateRateLimit(60, 120, 0);
    for (let frame = 0; frame < 6000; frame++) expect(limit.take(frame * (1000 / 60))).toBe(true);
  });

  it('does not save up more than the burst while idle', () => {
    const limit = new UpdateRateLimit(10, 20, 0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (limit.take(60_000)) allowed++;
    expect(allowed).toBe(20);
  });

  it('neither refills nor drains when the clock is set back', () => {
    const limit = new UpdateRateLimit(10, 2, 10_000);
    expect(limit.take(10_000)).toBe(true);
    expect(limit.take(5_000)).toBe(true);
    expect(limit.take(5_000)).toBe(false);
    // Time has to pass beyond the latest reading before anything refills.
    expect(limit.take(10_050)).toBe(false);
    expect(limit.take(10_100)).toBe(true);
  });
});
