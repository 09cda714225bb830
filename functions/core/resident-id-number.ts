/**
 * Resident identity card numbers (居民身份证号码) by GB 11643-1999: a six-digit
 * address code, the birth date (YYYYMMDD), a three-digit sequence code (odd for men,
 * even for women) and a check character by ISO 7064 MOD 11-2, where 'X' stands for 10.
 * The weights are 2^(17−i) mod 11; 11 is prime and no weight is 0 mod 11, so any
 * single wrong character changes the check and is caught.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each value of (Σ digit × weight) mod 11. */
const checkCharacters = '10X98765432';

export const residentIdNumberPattern = /^[1-9]\d{16}[\dX]$/;
/** The earliest birth date the platform accepts as plausible. */
export const earliestBirthDate = '1900-01-01';

export type ResidentIdNumberProblem = 'format' | 'birth-date' | 'check-character';

/** Upper-cases a trailing 'x' and drops surrounding spaces: the form the checks and the index use. */
export function normalizeResidentIdNumber(text: string): string {
  return text.trim().toUpperCase();
}

/** The check character of the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters of an ID number are digits');
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * weights[index]!;
  return checkCharacters[sum % 11]!;
}

/** The birth date (YYYY-MM-DD) an ID number carries; it may be no real date. */
export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** The sequence code (positions 15–17). */
export function sequenceCodeOf(idNumber: string): string {
  return idNumber.slice(14, 17);
}

/**
 * What is wrong with an (already normalized) ID number, or undefined when it is valid:
 * the format, a birth date that is no calendar date or lies before 1900 or after
 * `today` (YYYY-MM-DD, a parameter: the core reads no clock), or the check character.
 */
export function residentIdNumberProblem(idNumber: string, today: string): ResidentIdNumberProblem | undefined {
  if (!residentIdNumberPattern.test(idNumber)) return 'format';
  const birthDate = birthDateOf(idNumber);
  if (!isCalendarDate(birthDate) || birthDate < earliestBirthDate || birthDate > today) return 'birth-date';
  if (residentIdCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return 'check-character';
  return undefined;
}

export function isValidResidentIdNumber(idNumber: string, today: string): boolean {
  return residentIdNumberProblem(idNumber, today) === undefined;
}

/** YYYY-MM-DD naming a day that exists (no 2 February 30, 29 February only in leap years). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The age of majority (完全民事行为能力, Civil Code art. 17). */
export const ageOfMajority = 18;

/**
 * The day a person born on `birthDate` (YYYY-MM-DD) turns `years` old: the same month and
 * day, or 1 March when the birthday is 29 February and that year has none.
 */
export function anniversaryOf(birthDate: string, years: number): string {
  const year = String(Number(birthDate.slice(0, 4)) + years).padStart(4, '0');
  const sameDay = `${year}${birthDate.slice(4)}`;
  return isCalendarDate(sameDay) ? sameDay : `${year}-03-01`;
}

/** Whether someone born on `birthDate` is 18 or older on `today` (both YYYY-MM-DD, the platform's business date). */
export function isAdultOn(birthDate: string, today: string): boolean {
  return anniversaryOf(birthDate, ageOfMajority) <= today;
}
