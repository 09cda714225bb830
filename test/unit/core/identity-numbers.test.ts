/**
 * GB 11643 ID numbers, GB 32100 credit codes, bank card Luhn and mobile numbers:
 * known examples, and properties — every generated valid number passes, every
 * single-character corruption fails.
 */
import fc from 'fast-check';
import { bankCardProblem, isValidBankCard, luhnCheckDigit, normalizeBankCard } from '../../../functions/core/bank-card';
import { isValidMobilePhone, normalizeMobilePhone } from '../../../functions/core/mobile-phone';
import { isValidResidentIdNumber, residentIdCheckCharacter, residentIdNumberProblem } from '../../../functions/core/resident-id-number';
import { creditCodeAlphabet, creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode, registrationAuthorities } from '../../../functions/core/unified-social-credit-code';
import { isoDate, lastDayOfMonth, runs } from './lending-arbitraries';

const today = '2026-06-01';
const digit = fc.constantFrom(...'0123456789');
const digits = (length: number) => fc.array(digit, { minLength: length, maxLength: length }).map((chars) => chars.join(''));

/** A valid ID number: a plausible address code, a real birth date 1900–2026-05, any sequence, its check character. */
const residentIdNumber = fc
  .record({
    address: fc.integer({ min: 110_000, max: 829_999 }),
    year: fc.integer({ min: 1900, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    sequence: digits(3),
  })
  .map(({ address, year, month, day, sequence }) => {
    const first17 = `${address}${isoDate(year, month, Math.min(day, lastDayOfMonth(year, month))).replaceAll('-', '')}${sequence}`;
    return first17 + residentIdCheckCharacter(first17);
  });

const creditChar = fc.constantFrom(...creditCodeAlphabet);
const creditCode = fc
  .record({
    authority: fc.constantFrom(...registrationAuthorities),
    type: creditChar,
    division: digits(6),
    organisation: fc.array(creditChar, { minLength: 9, maxLength: 9 }).map((chars) => chars.join('')),
  })
  .map(({ authority, type, division, organisation }) => {
    const first17 = `${authority}${type}${division}${organisation}`;
    return first17 + creditCodeCheckCharacter(first17);
  });

const bankCard = fc
  .integer({ min: 11, max: 18 })
  .chain((length) => digits(length))
  .map((payload) => `6${payload.slice(1)}`)
  .map((payload) => payload + luhnCheckDigit(payload));

/** The text with the character at `index` replaced by a different one from `alphabet`. */
const corrupt = (text: string, index: number, alphabet: string, pick: number) => {
  const others = [...alphabet].filter((char) => char !== text[index]);
  return text.slice(0, index) + others[pick % others.length] + text.slice(index + 1);
};

describe('resident ID numbers (GB 11643)', () => {
  test('known numbers: the standard example with X, and checks of a few others', () => {
    expect(isValidResidentIdNumber('11010519491231002X', today)).toBe(true);
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidResidentIdNumber('110105199003071239', today)).toBe(true);
    expect(residentIdNumberProblem('110105199003071238', today)).toBe('check-character');
  });

  test('format, birth date and check are told apart', () => {
    expect(residentIdNumberProblem('11010519900307123', today)).toBe('format');
    expect(residentIdNumberProblem('010105199003071239', today)).toBe('format');
    expect(residentIdNumberProblem('11010519900307123x', today)).toBe('format'); // normalize first
    const withDate = (date: string) => {
      const first17 = `110105${date}123`;
      return first17 + residentIdCheckCharacter(first17);
    };
    expect(residentIdNumberProblem(withDate('19900230'), today)).toBe('birth-date');
    expect(residentIdNumberProblem(withDate('18991231'), today)).toBe('birth-date');
    expect(residentIdNumberProblem(withDate('20260602'), today)).toBe('birth-date');
    expect(residentIdNumberProblem(withDate('20260601'), today)).toBeUndefined();
    expect(residentIdNumberProblem(withDate('20000229'), today)).toBeUndefined();
    expect(residentIdNumberProblem(withDate('19000229'), today)).toBe('birth-date');
  });

  test('property: generated valid numbers pass; any single-character corruption fails', () => {
    fc.assert(
      fc.property(residentIdNumber, fc.integer({ min: 0, max: 17 }), fc.nat(), (idNumber, index, pick) => {
        expect(isValidResidentIdNumber(idNumber, today)).toBe(true);
        expect(isValidResidentIdNumber(corrupt(idNumber, index, '0123456789X', pick), today)).toBe(false);
      }),
      runs,
    );
  });
});

describe('Unified Social Credit Codes (GB 32100)', () => {
  test('a known code passes; I, O, Z, S, V are outside the alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check-character');
    for (const letter of 'IOZSV') expect(creditCodeProblem(`91350100M000100${letter}43`)).toBe('format');
    expect(creditCodeProblem('B1350100M000100Y43')).toBe('format'); // no such registration authority
    expect(creditCodeProblem('9135010M000100Y43')).toBe('format');
    expect(creditCodeAlphabet).toHaveLength(31);
  });

  test('property: generated valid codes pass; any single-character corruption fails', () => {
    fc.assert(
      fc.property(creditCode, fc.integer({ min: 0, max: 17 }), fc.nat(), (code, index, pick) => {
        expect(isValidCreditCode(code)).toBe(true);
        expect(isValidCreditCode(corrupt(code, index, `${creditCodeAlphabet}IOZSV`, pick))).toBe(false);
      }),
      runs,
    );
  });
});

describe('bank cards (Luhn)', () => {
  test('known numbers, lengths 12–19, spaces dropped by normalization', () => {
    expect(isValidBankCard('4111111111111111')).toBe(true);
    expect(isValidBankCard('6222021234561236')).toBe(true);
    expect(bankCardProblem('6222021234561237')).toBe('check-digit');
    expect(bankCardProblem('12345678901')).toBe('format');
    expect(bankCardProblem('62220212345612361234')).toBe('format');
    expect(normalizeBankCard('6222 0212 3456 1236')).toBe('6222021234561236');
  });

  test('property: generated valid cards pass; any single-digit corruption fails', () => {
    fc.assert(
      fc.property(bankCard, fc.nat(), fc.nat(), (card, at, pick) => {
        expect(isValidBankCard(card)).toBe(true);
        expect(isValidBankCard(corrupt(card, at % card.length, '0123456789', pick))).toBe(false);
      }),
      runs,
    );
  });
});

test('mobile numbers: 11 digits, 1 then 3–9; +86 and separators dropped by normalization', () => {
  expect(isValidMobilePhone('13812345678')).toBe(true);
  expect(isValidMobilePhone('19912345678')).toBe(true);
  expect(isValidMobilePhone('12812345678')).toBe(false);
  expect(isValidMobilePhone('1381234567')).toBe(false);
  expect(isValidMobilePhone('138123456789')).toBe(false);
  expect(normalizeMobilePhone('+86 138-1234-5678')).toBe('13812345678');
});
