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
