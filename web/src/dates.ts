/** Instants as a person reads them: the platform's business time zone (Asia/Shanghai), in the user's language. */
import type { Language } from './i18n';

const formats = new Map<Language, Intl.DateTimeFormat>();

export function dateTime(iso: string, language: Language): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
    formats.set(language, format);
  }
  return format.format(new Date(iso));
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** The `count` months before `month` (YYYY-MM), newest first. */
export function monthsBefore(month: string, count: number): string[] {
  const [year = 0, index = 1] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, back) => new Date(Date.UTC(year, index - 2 - back, 1)).toISOString().slice(0, 7));
}

/** A month's last day (YYYY-MM-DD). */
export function lastDayOf(month: string): string {
  const [year = 0, index = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, index, 0)).toISOString().slice(0, 10);
}
