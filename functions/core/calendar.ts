/** Calendar arithmetic for business dates; the instant is always a parameter. */

/** The platform's business time zone: due dates, business days, months and quiet hours are Shanghai's. */
export const platformTimeZone = 'Asia/Shanghai';

/**
 * One formatter per kind and time zone, made on first use: making an Intl.DateTimeFormat costs far more
 * than formatting with one, and a day of servicing asks for business dates thousands of times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: 'en-CA' | 'en-GB', timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(locale, { timeZone, ...options })));
  return made;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone, e.g. Asia/Shanghai. */
export function businessDate(instant: Date, timeZone: string): string {
  const parts = formatter('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The date `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const utc = new Date(`${date}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** The hour and minute on the wall clock of `timeZone` at `instant`. */
export function wallClock(instant: Date, timeZone: string = platformTimeZone): { hour: number; minute: number } {
  const parts = formatter('en-GB', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? '0');
  return { hour: part('hour'), minute: part('minute') };
}
