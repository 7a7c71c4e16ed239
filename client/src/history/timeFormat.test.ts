import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatDuration, formatMoment, formatRelative, formatSpan, parseTime } from './timeFormat';

const en = { locale: 'en-GB', timeZone: 'UTC' };
const at = Date.parse('2026-03-12T14:02:37Z');

describe('time formatting', () => {
  it('reads ISO times and refuses junk', () => {
    expect(parseTime('2026-03-12T14:02:37.000Z')).toBe(at);
    expect(parseTime('yesterday')).toBeNull();
  });

  it('says how long ago in words', () => {
    expect(formatRelative(at, at + 10_000, en)).toBe('just now');
    expect(formatRelative(at, at + 5 * 60_000, en)).toBe('5 minutes ago');
    expect(formatRelative(at, at + 26 * 3_600_000, en)).toBe('yesterday');
  });

  it('writes the absolute date and time to the minute', () => {
    expect(formatAbsolute(at, en)).toBe('12 Mar 2026, 14:02');
  });

  it('shows a moment to the second, with the date only when it is not today', () => {
    expect(formatMoment(at, at + 3_600_000, en)).toBe('14:02:37');
    expect(formatMoment(at, at + 3 * 86_400_000, en)).toBe('12 Mar 2026, 14:02:37');
  });

  it('writes a session span with the date once', () => {
    const span = formatSpan(at, at + 90 * 60_000, en);
    expect(span).toMatch(/^12 Mar 2026, 14:02\s*[–-]\s*15:32$/);
    expect(formatSpan(at, null, en)).toBe('12 Mar 2026, 14:02');
  });

  it('writes durations briefly', () => {
    expect(formatDuration(20_000)).toBe('under a minute');
    expect(formatDuration(25 * 60_000)).toBe('25 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
  });
});
