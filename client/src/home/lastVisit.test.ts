import { describe, expect, it } from 'vitest';
import { formatLastVisit } from './lastVisit';

describe('formatLastVisit', () => {
  const now = Date.UTC(2026, 5, 15, 12);
  it('speaks in the largest fitting unit', () => {
    expect(formatLastVisit(now - 10_000, now, 'en')).toBe('just now');
    expect(formatLastVisit(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatLastVisit(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago');
    expect(formatLastVisit(now - 26 * 3_600_000, now, 'en')).toBe('yesterday');
    expect(formatLastVisit(now - 15 * 86_400_000, now, 'en')).toBe('2 weeks ago');
    expect(formatLastVisit(now - 400 * 86_400_000, now, 'en')).toBe('last year');
  });
});
