/**
 * Masks personal data for display: what a profile, a listing's disclosure or a
 * contract shows instead of the value. Every mask keeps the length of the value.
 * Names count characters (code points), so 张三 is two characters, not bytes.
 */

/** 张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧阳** (four or more: the first two, for compound surnames). */
export function maskName(name: string): string {
  const characters = Array.from(name.trim());
  if (characters.length <= 1) return '*'.repeat(characters.length);
  const kept = characters.length >= 4 ? 2 : 1;
  return characters.slice(0, kept).join('') + '*'.repeat(characters.length - kept);
}

/** Keeps the first `head` and last `tail` characters; a value too short to keep both is masked whole. */
export function maskMiddle(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** 110105199003071234 → 110***********1234 */
export const maskResidentIdNumber = (idNumber: string): string => maskMiddle(idNumber, 3, 4);
/** 13812345678 → 138****5678 */
export const maskMobilePhone = (phone: string): string => maskMiddle(phone, 3, 4);
/** 6222021234561234 → 6222********1234 */
export const maskBankCard = (cardNumber: string): string => maskMiddle(cardNumber, 4, 4);
/** 91350100M000100Y43 → 9135**********0Y43 */
export const maskCreditCode = (code: string): string => maskMiddle(code, 4, 4);
