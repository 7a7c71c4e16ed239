import { formatLastVisit } from '../home/lastVisit';

/**
 * How the history panel shows times: relative ("5 minutes ago", the same
 * wording as the home page's recent boards) next to absolute ("12 Mar 2026,
 * 14:02"), session spans, and timeline moments (to the second).
 * `locale` and `timeZone` are for tests; the page uses the browser's.
 */

export interface TimeFormatOptions {
  locale?: string;
  timeZone?: string;
}

/** Parses an ISO time from the server; null when it is not one. */
export function parseTime(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

export function formatRelative(at: number, now: number, options: TimeFormatOptions = {}): string {
  return formatLastVisit(at, now, options.locale);
}

/** Date and time to the minute: "12 Mar 2026, 14:02". */
export function formatAbsolute(at: number, options: TimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }).format(at);
}

function sameDay(a: number, b: number, timeZone?: string): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  return day.format(a) === day.format(b);
}

/**
 * A moment on the timeline, to the second: "14:02:37" when it is today,
 * "12 Mar 2026, 14:02:37" otherwise.
 */
export function formatMoment(at: number, now: number, options: TimeFormatOptions = {}): string {
  const { locale, timeZone } = options;
  if (sameDay(at, now, timeZone)) return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone }).format(at);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(at);
}

/**
 * A session's span: "12 Mar 2026, 14:02 – 15:30" (the date once when both
 * ends fall on the same day); "since 14:02" style wording for one still going on.
 */
export function formatSpan(start: number, end: number | null, options: TimeFormatOptions = {}): string {
  const format = new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone });
  if (end === null || end <= start) return format.format(start);
  return format.formatRange(start, end);
}

/** A duration in words for a session: "under a minute", "25 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}
