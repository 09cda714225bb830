/** Bid rules (投标) and investor suitability, with property tests for the amounts. */
import fc from 'fast-check';
import { checkBid, investmentOutstandingFen, placedCeilingFen, progressPercent, type BidderForBid, type ListingForBid } from '../../../functions/core/bidding';
import { BidRefusedError, ForbiddenError, ListingUnavailableError, UnsuitableInvestorError } from '../../../functions/core/errors';

const now = new Date('2026-11-25T08:00:00Z');
const rules = { minimumFen: 10_000, stepFen: 10_000 };
const listing: ListingForBid = { borrowerId: 'borrower-1', status: 'LISTED', amountFen: 1_000_000, fundedFen: 0, grade: 'C' };
const bidder: BidderForBid = { investorId: 'investor-1', assessment: { level: 'C3', expiresAt: '2027-11-25T08:00:00Z' }, outstandingFen: 0 };

test('minimum and step: ¥100 and multiples of ¥100 only', () => {
  expect(() => checkBid(10_000, listing, bidder, rules, now)).not.toThrow();
  expect(() => checkBid(9_900, listing, bidder, rules, now)).toThrow(BidRefusedError);
  expect(() => checkBid(15_000, listing, bidder, rules, now)).toThrow(BidRefusedError);
  expect(() => checkBid(0, listing, bidder, rules, now)).toThrow(BidRefusedError);
  expect(() => checkBid(10_000.5, listing, bidder, rules, now)).toThrow(BidRefusedError);
});

test('never more than remains; a closed or full listing takes nothing', () => {
  const almost = { ...listing, fundedFen: 980_000 };
  expect(() => checkBid(20_000, almost, bidder, rules, now)).not.toThrow();
  expect(() => checkBid(30_000, almost, bidder, rules, now)).toThrow(ListingUnavailableError);
  expect(() => checkBid(10_000, { ...listing, fundedFen: 1_000_000 }, bidder, rules, now)).toThrow(ListingUnavailableError);
  for (const status of ['FUNDED', 'EXPIRED', 'IN_REVIEW']) expect(() => checkBid(10_000, { ...listing, status }, bidder, rules, now)).toThrow(ListingUnavailableError);
});

test('the borrower never bids on their own loan', () => {
  expect(() => checkBid(10_000, listing, { ...bidder, investorId: 'borrower-1' }, rules, now)).toThrow(ForbiddenError);
});

test('suitability: a valid assessment, a grade the level allows, the tiered limit over what is outstanding', () => {
  expect(() => checkBid(10_000, listing, { ...bidder, assessment: undefined }, rules, now)).toThrow(UnsuitableInvestorError);
  expect(() => checkBid(10_000, listing, { ...bidder, assessment: { level: 'C3', expiresAt: '2026-11-25T08:00:00Z' } }, rules, now)).toThrow(UnsuitableInvestorError);
  expect(() => checkBid(10_000, listing, { ...bidder, assessment: { level: 'C2', expiresAt: '2027-01-01T00:00:00Z' } }, rules, now)).toThrow(UnsuitableInvestorError);
  expect(() => checkBid(10_000, { ...listing, grade: undefined }, bidder, rules, now)).toThrow(UnsuitableInvestorError);
  // C3: ¥200,000 outstanding at most.
  expect(() => checkBid(100_000, { ...listing, amountFen: 50_000_000 }, { ...bidder, outstandingFen: 19_900_000 }, rules, now)).not.toThrow();
  expect(() => checkBid(110_000, { ...listing, amountFen: 50_000_000 }, { ...bidder, outstandingFen: 19_900_000 }, rules, now)).toThrow(UnsuitableInvestorError);
});

test('property: any sequence of bids checked against the listing never oversubscribes it, and the accepted bids sum to funded', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500 }), fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 200 }), (amountSteps, bidSteps) => {
      let current: ListingForBid = { ...listing, amountFen: amountSteps * 10_000, fundedFen: 0 };
      let acceptedFen = 0;
      for (const steps of bidSteps) {
        try {
          checkBid(steps * 10_000, current, bidder, rules, now);
        } catch (error) {
          expect(error instanceof BidRefusedError || error instanceof ListingUnavailableError || error instanceof UnsuitableInvestorError).toBe(true);
          continue;
        }
        acceptedFen += steps * 10_000;
        current = { ...current, fundedFen: current.fundedFen + steps * 10_000 };
        expect(current.fundedFen).toBeLessThanOrEqual(current.amountFen);
      }
      expect(acceptedFen).toBe(current.fundedFen);
    }),
  );
});

test('progress is the funded share in percent, rounded down, 100.00 only when full', () => {
  expect(progressPercent({ amountFen: 500_000, fundedFen: 400_000 })).toBe('80.00');
  expect(progressPercent({ amountFen: 300_000, fundedFen: 100_000 })).toBe('33.33');
  expect(progressPercent({ amountFen: 1_000_000, fundedFen: 999_999 })).toBe('99.99');
  expect(progressPercent({ amountFen: 1_000_000, fundedFen: 1_000_000 })).toBe('100.00');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), (amountFen, seed) => {
      const fundedFen = seed % (amountFen + 1);
      const progress = progressPercent({ amountFen, fundedFen });
      expect(progress).toMatch(/^\d{1,3}\.\d{2}$/);
      expect(progress === '100.00').toBe(fundedFen === amountFen);
    }),
  );
});

test('the limit as the bid transaction checks it: placed total within limit + voided + repaid, so outstanding + bid stays within the limit', () => {
  const book = { placedFen: 9_000_000, voidedFen: 2_000_000, repaidPrincipalFen: 1_500_000 };
  expect(investmentOutstandingFen(book)).toBe(5_500_000);
  expect(placedCeilingFen(book, 20_000_000)).toBe(23_500_000);
  // C3 (¥200,000): the check returns the limit the ceiling is made of.
  expect(checkBid(100_000, listing, { ...bidder, outstandingFen: investmentOutstandingFen(book) }, rules, now)).toBe(20_000_000);
  fc.assert(
    fc.property(fc.nat(50_000_000), fc.nat(10_000_000), fc.nat(10_000_000), fc.integer({ min: 1, max: 20_000_000 }), (placed, voided, repaid, amount) => {
      const at = { placedFen: placed + voided + repaid, voidedFen: voided, repaidPrincipalFen: repaid };
      const fits = at.placedFen + amount <= placedCeilingFen(at, 20_000_000);
      expect(fits).toBe(investmentOutstandingFen(at) + amount <= 20_000_000);
      // Reading what came back late (less of it) only lowers the ceiling.
      expect(placedCeilingFen({ ...at, voidedFen: 0, repaidPrincipalFen: 0 }, 20_000_000)).toBeLessThanOrEqual(placedCeilingFen(at, 20_000_000));
    }),
  );
});
