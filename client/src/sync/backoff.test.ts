import { CloseCode } from '@idea-board/shared';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay, RECONNECT_BACKOFF } from './backoff';
import { describeRefusal, isRefusal } from './closeReasons';

describe('full-jitter backoff', () => {
  it('doubles the window per attempt up to the cap', () => {
    const policy = { baseMs: 500, capMs: 8_000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((attempt) => backoffCeiling(attempt, policy))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
    expect(backoffCeiling(-3, policy)).toBe(500);
  });

  it('stays within [0, ceiling) whatever the random source gives', () => {
    for (const attempt of [0, 1, 3, 10, 1000]) {
      const ceiling = backoffCeiling(attempt);
      for (const r of [0, 0.25, 0.999999, 1, -1, Number.NaN, 5]) {
        const delay = fullJitterDelay(attempt, RECONNECT_BACKOFF, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads clients over the whole window (no lock step after a restart)', () => {
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(3));
    const ceiling = backoffCeiling(3);
    const buckets = [0, 0, 0, 0];
    for (const delay of delays) buckets[Math.floor((delay / ceiling) * 4)]! += 1;
    // Uniform: each quarter gets about 500; far from all-in-one.
    for (const count of buckets) expect(count).toBeGreaterThan(350);
    expect(new Set(delays).size).toBeGreaterThan(1_000);
  });
});

describe('close codes', () => {
  it('stops on refusals about the room, retries on connection-level limits and normal closes', () => {
    expect(isRefusal(CloseCode.unknownRoom)).toBe(true);
    expect(isRefusal(CloseCode.invalidRoomId)).toBe(true);
    expect(isRefusal(CloseCode.forbidden)).toBe(true);
    expect(isRefusal(CloseCode.documentTooLarge)).toBe(true);
    expect(isRefusal(CloseCode.slowConsumer)).toBe(false);
    expect(isRefusal(CloseCode.rateLimited)).toBe(false);
    expect(isRefusal(CloseCode.serviceRestart)).toBe(false);
    expect(isRefusal(CloseCode.tryAgainLater)).toBe(false);
    expect(isRefusal(1006)).toBe(false);
  });

  it('explains a refusal in words', () => {
    expect(describeRefusal(CloseCode.unknownRoom, 'unknown room')).toBe('This board does not exist.');
    expect(describeRefusal(4499, 'nope')).toBe('The server refused the connection: nope.');
    expect(describeRefusal(4499, '')).toBe('The server refused the connection (code 4499).');
  });
});
