/** The loan agreement's content: schedule from the funding date, fees, capped penalty, masked parties, shares summing to the amount. */
import fc from 'fast-check';
import { agreementDocumentKey, agreementTermsHash, assertConsented, buildLoanAgreement, ConsentMissingError, investorShares, maskedUserRef, percent, signingParties, type AgreementInput } from '../../../functions/core/loan-agreement';
import { parseYuan, toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { ratio } from '../../../functions/core/rational';

const terms = {
  serviceFeeRate: parseRate('0.02'),
  managementFeeRate: parseRate('0.1'),
  penaltyRate: parseRate('0.06'),
  loanPrimeRate: parseRate('0.0345'),
  lprMultiple: 4,
  platformName: 'Test Platform',
};

const input = (overrides: Partial<AgreementInput> = {}): AgreementInput => ({
  loan: { loanId: 'loan-1', amountFen: 500_000, termMonths: 12, annualRate: '0.12', method: 'EQUAL_INSTALLMENT', purpose: 'working capital', grade: 'B' },
  borrower: { userId: 'user-0123-borrower-abcd', kind: 'personal', maskedName: '张*', maskedIdentity: '110***********1234' },
  bids: [
    { investorId: 'user-aaaa-investor-0001', amountFen: 200_000 },
    { investorId: 'user-bbbb-investor-0002', amountFen: 100_000 },
    { investorId: 'user-aaaa-investor-0001', amountFen: 100_000 },
    { investorId: 'user-cccc-investor-0003', amountFen: 100_000 },
  ],
  // 2026-03-31 20:00 UTC is 2026-04-01 in Shanghai.
  fundedAt: '2026-03-31T20:00:00.000Z',
  terms,
  ...overrides,
});

const fenOf = (yuan: string) => toFen(parseYuan(yuan));

test('the schedule starts on the funding date in Shanghai and its principal sums exactly to the amount', () => {
  const agreement = buildLoanAgreement(input());
  expect(agreement.contractDate).toBe('2026-04-01');
  expect(agreement.loan).toMatchObject({ amount: '5000.00', startDate: '2026-04-01', maturityDate: '2027-04-01', annualRatePercent: '12.00', method: 'EQUAL_INSTALLMENT' });
  expect(agreement.schedule).toHaveLength(12);
  expect(agreement.schedule[0]?.dueDate).toBe('2026-05-01');
  expect(agreement.schedule.reduce((sum, installment) => sum + fenOf(installment.principal), 0)).toBe(500_000);
  expect(fenOf(agreement.totals.principal)).toBe(500_000);
  expect(agreement.schedule.reduce((sum, installment) => sum + fenOf(installment.interest), 0)).toBe(fenOf(agreement.totals.interest));
  expect(agreement.schedule.at(-1)?.remainingPrincipal).toBe('0.00');
});

test("fees: the borrower's service fee and what reaches them sum to the amount; the management fee rate is stated", () => {
  const { fees } = buildLoanAgreement(input());
  expect(fees).toEqual({ borrowerServiceFeeRatePercent: '2.00', borrowerServiceFee: '100.00', toBorrower: '4900.00', investorManagementFeeRatePercent: '10.00' });
});

test('overdue terms: the penalty rate is cut so contract + penalty stay within 4 × LPR', () => {
  // cap 13.8%; contract 12% leaves 1.8% of the configured 6%.
  expect(buildLoanAgreement(input()).overdue).toEqual({ penaltyRatePercent: '1.80', legalCapPercent: '13.80', loanPrimeRatePercent: '3.45', lprMultiple: 4 });
  const cheap = buildLoanAgreement(input({ loan: { ...input().loan, annualRate: '0.05' } }));
  expect(cheap.overdue.penaltyRatePercent).toBe('6.00');
  const atCap = buildLoanAgreement(input({ loan: { ...input().loan, annualRate: '0.138' } }));
  expect(atCap.overdue.penaltyRatePercent).toBe('0.00');
});

test('parties are masked; each investor appears once with their bids summed; shares sum to the amount', () => {
  const agreement = buildLoanAgreement(input());
  expect(agreement.parties.borrower).toEqual({ ref: maskedUserRef('user-0123-borrower-abcd'), kind: 'personal', name: '张*', identity: '110***********1234' });
  expect(agreement.parties.borrower.ref).not.toContain('borrower');
  expect(agreement.parties.investors.map((investor) => [investor.amount, investor.sharePercent])).toEqual([
    ['3000.00', '60.00'],
    ['1000.00', '20.00'],
    ['1000.00', '20.00'],
  ]);
  for (const investor of agreement.parties.investors) expect(investor.ref).toMatch(/^user\*+\d{4}$/);
  expect(JSON.stringify(agreement)).not.toMatch(/investor-000/);
  expect(signingParties(agreement).map((party) => party.role)).toEqual(['borrower', 'investor', 'investor', 'investor', 'platform']);
  expect(agreementDocumentKey('loan-1')).toBe('contracts/loan-1/loan-contract-v2.pdf');
});

test('a loan whose live bids do not sum to its amount is not contracted', () => {
  expect(() => buildLoanAgreement(input({ bids: [{ investorId: 'a', amountFen: 499_900 }] }))).toThrow(/only a fully subscribed loan/);
  expect(() => buildLoanAgreement(input({ loan: { ...input().loan, method: 'WHATEVER' } }))).toThrow(RangeError);
});

test('property: for any split of the amount into bids, the shares sum exactly to it and every installment principal sums to it', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ investor: fc.integer({ min: 0, max: 30 }), hundreds: fc.integer({ min: 1, max: 500 }) }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 60 }),
      fc.constantFrom('EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST', 'BULLET'),
      (bids, months, method) => {
        const agreementBids = bids.map((bid) => ({ investorId: `investor-${bid.investor}`, amountFen: bid.hundreds * 10_000 }));
        const amountFen = agreementBids.reduce((sum, bid) => sum + bid.amountFen, 0);
        const agreement = buildLoanAgreement(input({ loan: { loanId: 'p', amountFen, termMonths: months, annualRate: '0.0999', method }, bids: agreementBids }));
        expect(agreement.parties.investors.reduce((sum, investor) => sum + investor.amountFen, 0)).toBe(amountFen);
        expect(agreement.parties.investors.reduce((sum, investor) => sum + fenOf(investor.amount), 0)).toBe(amountFen);
        expect(agreement.schedule.reduce((sum, installment) => sum + fenOf(installment.principal), 0)).toBe(amountFen);
        expect(fenOf(agreement.fees.borrowerServiceFee) + fenOf(agreement.fees.toBorrower)).toBe(amountFen);
      },
    ),
    { numRuns: 200 },
  );
});

test('percent rounds half-up to two decimals', () => {
  expect(percent(ratio(1n, 3n))).toBe('33.33');
  expect(percent(ratio(2n, 3n))).toBe('66.67');
  expect(percent(ratio(1n, 1n))).toBe('100.00');
  expect(investorShares(300, [{ investorId: 'x', amountFen: 100 }, { investorId: 'y', amountFen: 200 }]).map((share) => share.sharePercent).sort()).toEqual(['33.33', '66.67']);
});

test("the terms hash names the loan's and the platform's terms: the same terms the same hash, any changed term another", () => {
  const loan = input().loan;
  const hash = agreementTermsHash(loan, terms);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const otherPurpose = { ...loan, purpose: 'something else', grade: 'E' };
  expect(agreementTermsHash(otherPurpose, terms)).toBe(hash);
  expect(buildLoanAgreement(input()).termsHash).toBe(hash);
  for (const changed of [{ ...loan, amountFen: 500_100 }, { ...loan, termMonths: 6 }, { ...loan, annualRate: '0.13' }, { ...loan, method: 'EQUAL_PRINCIPAL' }, { ...loan, loanId: 'loan-2' }]) {
    expect(agreementTermsHash(changed, terms)).not.toBe(hash);
  }
  expect(agreementTermsHash(loan, { ...terms, serviceFeeRate: parseRate('0.03') })).not.toBe(hash);
  expect(agreementTermsHash(loan, { ...terms, platformName: 'Other' })).not.toBe(hash);
});

test("each party's consent travels into the agreement and its signing parties; assertConsented refuses a party without one to these terms", () => {
  const base = buildLoanAgreement(input());
  const consent = (requestId: string) => ({ termsHash: base.termsHash, version: 2, acceptedAt: '2026-03-30T01:00:00.000Z', requestId, channel: 'manual-bid' as const });
  const investors = new Map(['user-aaaa-investor-0001', 'user-bbbb-investor-0002', 'user-cccc-investor-0003'].map((id) => [id, consent(`req-${id}`)]));
  const agreement = buildLoanAgreement(input({ consents: { borrower: { ...consent('req-borrower'), channel: 'consent-route' }, investors } }));
  const parties = signingParties(agreement);
  expect(parties.map((party) => party.consent?.requestId)).toEqual(['req-borrower', ...agreement.parties.investors.map((investor) => investor.consent?.requestId), undefined]);
  expect(() => assertConsented(parties, agreement.termsHash)).not.toThrow();
  expect(() => assertConsented(signingParties(base), base.termsHash)).toThrow(ConsentMissingError);
  expect(() => assertConsented(parties, 'f'.repeat(64))).toThrow(ConsentMissingError);
  const withoutOne = new Map(investors);
  withoutOne.delete('user-bbbb-investor-0002');
  const partial = buildLoanAgreement(input({ consents: { borrower: consent('req-borrower'), investors: withoutOne } }));
  expect(() => assertConsented(signingParties(partial), partial.termsHash)).toThrow(new RegExp(`the investor ${maskedUserRef('user-bbbb-investor-0002').replace(/\*/g, '\\*')}`));
});
