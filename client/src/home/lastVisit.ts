/** "just now", "5 minutes ago", "yesterday", "3 weeks ago"... for a last-visit time. */
export function formatLastVisit(at: number, now: number, locale?: string): string {
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['minute', 60],
    ['hour', 60 * 60],
    ['day', 60 * 60 * 24],
    ['week', 60 * 60 * 24 * 7],
    ['month', 60 * 60 * 24 * 30],
    ['year', 60 * 60 * 24 * 365],
  ];
  let chosen: [Intl.RelativeTimeFormatUnit, number] = steps[0]!;
  for (const step of steps) if (Math.abs(seconds) >= step[1]) chosen = step;
  return format.format(Math.round(seconds / chosen[1]), chosen[0]);
}
