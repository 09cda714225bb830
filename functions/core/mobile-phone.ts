/** Mainland China mobile numbers: 11 digits, 1 then 3–9 (no country code, no separators). */
export const mobilePhonePattern = /^1[3-9]\d{9}$/;

/** Drops spaces, hyphens and a leading +86 or 0086. */
export function normalizeMobilePhone(text: string): string {
  return text.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

export function isValidMobilePhone(phone: string): boolean {
  return mobilePhonePattern.test(phone);
}
