/** Loan purposes the platform may not serve, and the age of majority from an ID number's birth date. */
import { borrowerRefusals } from '../../../functions/core/loan-application';
import { isProhibitedPurpose, loanPurposeCategories, prohibitedPurposes } from '../../../functions/core/loan-purpose';
import { anniversaryOf, isAdultOn } from '../../../functions/core/resident-id-number';

test('the prohibited purposes are exactly the ones with a source article', () => {
  expect(loanPurposeCategories.filter(isProhibitedPurpose)).toEqual(['SECURITIES', 'FUTURES_AND_DERIVATIVES', 'EQUITY_CROWDFUNDING', 'RELENDING', 'REAL_ESTATE_DOWN_PAYMENT']);
  for (const article of Object.values(prohibitedPurposes)) expect(article).toMatch(/art\.|2016/);
  expect(isProhibitedPurpose('HOME_RENOVATION')).toBe(false);
});

test('a person is adult from their 18th birthday; one born on 29 February from 1 March in a common year', () => {
  expect(isAdultOn('2008-12-06', '2026-12-05')).toBe(false);
  expect(isAdultOn('2008-12-06', '2026-12-06')).toBe(true);
  expect(anniversaryOf('2008-02-29', 18)).toBe('2026-03-01');
  expect(isAdultOn('2008-02-29', '2026-02-28')).toBe(false);
  expect(isAdultOn('2008-02-29', '2026-03-01')).toBe(true);
  expect(anniversaryOf('2004-02-29', 20)).toBe('2024-02-29');
});

test('borrower refusals: purpose, age, and a natural person without a recorded birth date; a company has no age', () => {
  expect(borrowerRefusals('WORKING_CAPITAL', { kind: 'personal', birthDate: '1990-01-01' }, '2026-12-06')).toEqual([]);
  expect(borrowerRefusals('FUTURES_AND_DERIVATIVES', { kind: 'personal', birthDate: '2010-01-01' }, '2026-12-06')).toEqual(['PURPOSE_PROHIBITED', 'BORROWER_UNDER_18']);
  expect(borrowerRefusals('CONSUMPTION', { kind: 'personal' }, '2026-12-06')).toEqual(['BORROWER_AGE_UNKNOWN']);
  expect(borrowerRefusals('CONSUMPTION', { kind: 'enterprise' }, '2026-12-06')).toEqual([]);
});

test('a related party and the platform’s own (staff) accounts may not borrow here (自融)', () => {
  const adult = { kind: 'personal', birthDate: '1990-01-01' } as const;
  expect(borrowerRefusals('CONSUMPTION', { ...adult, relatedParty: true }, '2026-12-06')).toEqual(['RELATED_PARTY_SELF_FINANCING']);
  expect(borrowerRefusals('CONSUMPTION', { ...adult, platformAccount: true }, '2026-12-06')).toEqual(['PLATFORM_OWN_ACCOUNT']);
  expect(borrowerRefusals('CONSUMPTION', { ...adult, relatedParty: false, platformAccount: false }, '2026-12-06')).toEqual([]);
});
