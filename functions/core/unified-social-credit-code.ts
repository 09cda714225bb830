/**
 * Unified Social Credit Codes (统一社会信用代码) of enterprises and other organisations,
 * by GB 32100-2015: 18 characters from a 31-character alphabet (digits and capital
 * letters without I, O, Z, S, V): the registration authority, the organisation type,
 * a six-digit administrative division code, the nine-character organisation code, and
 * a check character. Weights are 3^i mod 31; the check is 31 − (Σ value × weight) mod 31,
 * where 31 becomes 0. 31 is prime and no weight is 0 mod 31, so any single wrong
 * character is caught.
 */
export const creditCodeAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authorities: 1 编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
 * 8 工会, 9 市场监管 (工商), A 军队编制, N 农业, Y 其他.
 */
export const registrationAuthorities = '123456789ANY';
export const creditCodePattern = /^[1-9ANY][0-9A-HJ-NPQRTUW-Y]\d{6}[0-9A-HJ-NPQRTUW-Y]{10}$/;

export type CreditCodeProblem = 'format' | 'check-character';

export function normalizeCreditCode(text: string): string {
  return text.trim().toUpperCase();
}

/** The check character of the first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('a credit code has 17 characters before its check character');
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const value = creditCodeAlphabet.indexOf(first17[index]!);
    if (value < 0) throw new RangeError('a credit code uses digits and capitals other than I, O, Z, S, V');
    sum += value * weights[index]!;
  }
  return creditCodeAlphabet[(31 - (sum % 31)) % 31]!;
}

/** What is wrong with an (already normalized) credit code, or undefined when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (!creditCodePattern.test(code)) return 'format';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return 'check-character';
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

/** The administrative division code (positions 3–8). */
export function administrativeDivisionOf(code: string): string {
  return code.slice(2, 8);
}
