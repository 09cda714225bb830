/**
 * What must never reach a log line: resident ID numbers, mobile phone numbers, bank
 * card numbers (and the names and fields that hold them). Applied to every log record
 * the platform's logger writes (./logger.ts), keys and values alike, so a careless
 * attribute or an error message that quotes a request still logs nothing personal.
 */
const personalKeys = /^(idNumber|idCard|residentIdNumber|phone|mobile|phoneNumber|bankCard|bankCardNumber|cardNumber|realName|legalRepresentative|password)$/i;

/** 18-character resident ID numbers, 11-digit mainland mobile numbers, 12–19 digit card numbers. */
const personalValues: ReadonlyArray<[RegExp, string]> = [
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[id-number]'],
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g, '[phone]'],
  [/(?<!\d)\d{12,19}(?!\d)/g, '[card]'],
];

export function redactText(text: string): string {
  return personalValues.reduce((redacted, [pattern, replacement]) => redacted.replace(pattern, replacement), text);
}

/** A JSON.stringify replacer: personal fields become "[redacted]", personal numbers in text are masked. */
export function redactPersonalData(key: string, value: unknown): unknown {
  if (key !== '' && personalKeys.test(key)) return '[redacted]';
  if (typeof value === 'string') return redactText(value);
  return value;
}
