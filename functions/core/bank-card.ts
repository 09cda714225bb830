/**
 * Bank card numbers: 12 to 19 digits whose last digit is the Luhn check digit
 * (ISO/IEC 7812). Luhn catches every single wrong digit.
 */
export const bankCardPattern = /^\d{12,19}$/;

export type BankCardProblem = 'format' | 'check-digit';

/** Drops spaces and hyphens people type between groups of digits. */
export function normalizeBankCard(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** The Luhn check digit for the digits before it. */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d+$/.test(payload)) throw new RangeError('a card number is digits');
  let sum = 0;
  // From the right of the payload, every other digit (starting with the rightmost) is doubled.
  for (let offset = 0; offset < payload.length; offset += 1) {
    let digit = Number(payload[payload.length - 1 - offset]);
    if (offset % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function bankCardProblem(cardNumber: string): BankCardProblem | undefined {
  if (!bankCardPattern.test(cardNumber)) return 'format';
  if (luhnCheckDigit(cardNumber.slice(0, -1)) !== cardNumber.slice(-1)) return 'check-digit';
  return undefined;
}

export function isValidBankCard(cardNumber: string): boolean {
  return bankCardProblem(cardNumber) === undefined;
}
