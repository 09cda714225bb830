/**
 * Risk-reserve compensation core: the split sums exactly and is pro rata to what each
 * investor is owed, the entries balance (≤ 24 transfers, replay-safe, a void releases
 * the reserve), the legs (≤ 200), the ids, and subrogation (recoveries repay the reserve
 * first; the reserve's part and the investors' part sum to the recovery).
 */
import fc from 'fast-check';
import { InMemoryLedger, accounts, availableOf, maxTransfersPerEntry } from '../../../functions/core/ledger';
import {
  compensationClearing,
  compensationEntries,
  compensationHoldEntry,
  compensationId,
  compensationLegs,
  compensationVoidEntry,
  investorClaims,
  maxCompensationLegs,
  parseCompensationId,
  reserveRecovery,
  splitCompensation,
  type InvestorClaim,
} from '../../../functions/core/risk-reserve-compensation';
import { distributionEntries, repaymentLegs, type InvestorDistribution } from '../../../functions/core/servicing';
import { ratio } from '../../../functions/core/rational';

const claimsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 250, selector: (n) => n })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.integer({ min: 0, max: 50_000_000 }).map((owedFen): InvestorClaim => ({ investorId: `inv-${id}`, owedFen })))))
  .filter((claims) => claims.some((claim) => claim.owedFen > 0));

describe('splitCompensation', () => {
  it('sums exactly to the amount, each share within one fen of its pro-rata value and never above what is owed', () => {
    fc.assert(
      fc.property(claimsArb, fc.double({ min: 0, max: 1, noNaN: true }), (claims, fraction) => {
        const owed = claims.reduce((sum, claim) => sum + claim.owedFen, 0);
        const amount = Math.floor(owed * fraction);
        const shares = splitCompensation(amount, claims);
        expect(shares.reduce((sum, share) => sum + share.amountFen, 0)).toBe(amount);
        for (const [index, share] of shares.entries()) {
          const claim = claims[index]!;
          expect(share.investorId).toBe(claim.investorId);
          expect(share.amountFen).toBeLessThanOrEqual(claim.owedFen);
          // |share × owed − amount × claim| < owed  ⇔ within one fen of the exact share.
          const exact = BigInt(amount) * BigInt(claim.owedFen);
          const diff = BigInt(share.amountFen) * BigInt(owed) - exact;
          expect(diff < BigInt(owed) && diff > -BigInt(owed)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('pays everything owed when the amount is the whole claim; refuses more than that', () => {
    const claims = [
      { investorId: 'a', owedFen: 333 },
      { investorId: 'b', owedFen: 0 },
      { investorId: 'c', owedFen: 667 },
    ];
    expect(splitCompensation(1000, claims).map((share) => share.amountFen)).toEqual([333, 0, 667]);
    expect(splitCompensation(100, claims).map((share) => share.amountFen)).toEqual([33, 0, 67]);
    expect(() => splitCompensation(1001, claims)).toThrow(RangeError);
    expect(() => splitCompensation(-1, claims)).toThrow(RangeError);
  });

  it('weighs by what is still owed: expected principal + interest minus what was received', () => {
    const claims = investorClaims(
      [
        { investorId: 'a', principalFen: 1000, interestFen: 100 },
        { investorId: 'b', principalFen: 1000, interestFen: 100 },
      ],
      new Map([['a', { principalFen: 800, interestFen: 100 }]]),
    );
    expect(claims).toEqual([
      { investorId: 'a', owedFen: 200 },
      { investorId: 'b', owedFen: 1100 },
    ]);
    expect(splitCompensation(650, claims).map((share) => share.amountFen)).toEqual([100, 550]);
  });
});

describe('compensation entries', () => {
  it('balance, page at ≤ 24 transfers, replay as no-ops, and move the reserve to the investors exactly', () => {
    fc.assert(
      fc.property(claimsArb, fc.double({ min: 0.01, max: 1, noNaN: true }), (claims, fraction) => {
        const owed = claims.reduce((sum, claim) => sum + claim.owedFen, 0);
        const amount = Math.max(1, Math.floor(owed * fraction));
        const shares = splitCompensation(amount, claims);
        const ledger = new InMemoryLedger();
        ledger.record({ id: 'provision', kind: 'fee', transfers: [{ kind: 'posted', id: 'p', debit: accounts.feeIncome, credit: accounts.riskReserve, amountFen: amount + 7 }] });
        const id = compensationId('loan-1', 1);
        expect(ledger.record(compensationHoldEntry(id, 'loan-1', amount))).toBe(true);
        expect(availableOf(ledger.balance(accounts.riskReserve))).toBe(7);
        const entries = compensationEntries(id, 'loan-1', shares);
        for (const entry of entries) {
          expect(entry.transfers.length).toBeLessThanOrEqual(maxTransfersPerEntry);
          expect(ledger.record(entry)).toBe(true);
        }
        for (const entry of entries) expect(ledger.record(entry)).toBe(false);
        expect(availableOf(ledger.balance(accounts.riskReserve))).toBe(7);
        expect(ledger.balance(accounts.riskReserve).debitsPending).toBe(0);
        const clearing = ledger.balance(compensationClearing('loan-1'));
        expect(clearing.creditsPosted - clearing.debitsPosted).toBe(0);
        for (const share of shares) expect(ledger.balance(accounts.custody(share.investorId)).creditsPosted).toBe(share.amountFen);
        let total = 0;
        for (const balance of ledger.allBalances().values()) total += balance.creditsPosted - balance.debitsPosted;
        expect(total).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('a declined transfer voids the hold: the reserve is whole again and the hold cannot be posted', () => {
    const ledger = new InMemoryLedger();
    ledger.record({ id: 'provision', kind: 'fee', transfers: [{ kind: 'posted', id: 'p', debit: accounts.feeIncome, credit: accounts.riskReserve, amountFen: 500 }] });
    const id = compensationId('loan-2', 1);
    ledger.record(compensationHoldEntry(id, 'loan-2', 500));
    expect(availableOf(ledger.balance(accounts.riskReserve))).toBe(0);
    ledger.record(compensationVoidEntry(id));
    expect(availableOf(ledger.balance(accounts.riskReserve))).toBe(500);
    expect(() => ledger.record(compensationEntries(id, 'loan-2', [{ investorId: 'a', amountFen: 500 }])[0]!)).toThrow();
  });

  it('legs go from the fee account to each investor paid, at most 200', () => {
    const legs = compensationLegs('PLATFORM-FEES', [{ investorId: 'a', amountFen: 5 }, { investorId: 'b', amountFen: 0 }], (investorId) => `SUB-${investorId}`);
    expect(legs).toEqual([{ from: 'PLATFORM-FEES', to: 'SUB-a', amountFen: 5, toUserId: 'a' }]);
    const many = Array.from({ length: maxCompensationLegs + 1 }, (_, index) => ({ investorId: `i${index}`, amountFen: 1 }));
    expect(() => compensationLegs('PLATFORM-FEES', many, (investorId) => investorId)).toThrow(RangeError);
  });

  it('ids round-trip and are told from repayments', () => {
    expect(parseCompensationId(compensationId('L-2026-0001', 3))).toEqual({ loanId: 'L-2026-0001', attempt: 3 });
    expect(parseCompensationId('rpay-L-1-2')).toBeUndefined();
  });
});

describe('subrogation', () => {
  it('a recovery repays the reserve first (interest, then principal), up to what it is owed; the parts sum to the recovery', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(100_000), fc.integer({ min: -10, max: 3_000_000 }), (principalFen, interestFen, penaltyFen, owed) => {
        const { reserveFen, toInvestors } = reserveRecovery({ principalFen, interestFen, penaltyFen }, owed);
        expect(reserveFen + toInvestors.principalFen + toInvestors.interestFen + toInvestors.penaltyFen).toBe(principalFen + interestFen + penaltyFen);
        expect(reserveFen).toBe(Math.min(Math.max(0, owed), principalFen + interestFen));
        expect(toInvestors.penaltyFen).toBe(penaltyFen);
        expect(Math.min(toInvestors.principalFen, toInvestors.interestFen)).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(reserveRecovery({ principalFen: 1000, interestFen: 300, penaltyFen: 50 }, 500)).toEqual({ reserveFen: 500, toInvestors: { principalFen: 800, interestFen: 0, penaltyFen: 50 } });
    expect(reserveRecovery({ principalFen: 1000, interestFen: 300, penaltyFen: 50 }, 0)).toEqual({ reserveFen: 0, toInvestors: { principalFen: 1000, interestFen: 300, penaltyFen: 50 } });
  });

  it('the repayment entries pay the reserve its part and the legs carry it to the fee account; without it, nothing changes', () => {
    const distribution: InvestorDistribution[] = [{ investorId: 'a', principalFen: 300, interestFen: 0, penaltyFen: 50, feeFen: 5, netFen: 345 }];
    const share = ratio(1n, 10n);
    const ledger = new InMemoryLedger();
    ledger.record({ id: 'deposit', kind: 'deposit', transfers: [{ kind: 'posted', id: 'd', debit: accounts.custodianBank, credit: accounts.custody('borrower'), amountFen: 850 }] });
    ledger.record({ id: 'rpay-hold:r', kind: 'repayment-hold', transfers: [{ kind: 'pending', id: 'r:hold', debit: accounts.custody('borrower'), credit: 'loan:L:repayment', amountFen: 850 }] });
    for (const entry of distributionEntries('r', 'L', distribution, share, 500)) ledger.record(entry);
    const clearing = ledger.balance('loan:L:repayment');
    expect(clearing.creditsPosted - clearing.debitsPosted).toBe(0);
    expect(ledger.balance(accounts.riskReserve).creditsPosted).toBe(500 + 1);
    expect(ledger.balance(accounts.custody('a')).creditsPosted).toBe(345);
    expect(repaymentLegs('SUB-B', distribution, () => 'SUB-a', 'PLATFORM-FEES', 500)).toEqual([
      { from: 'SUB-B', to: 'SUB-a', amountFen: 345, toUserId: 'a' },
      { from: 'SUB-B', to: 'PLATFORM-FEES', amountFen: 505, toUserId: 'platform' },
    ]);
    expect(distributionEntries('r', 'L', distribution, share)).toEqual(distributionEntries('r', 'L', distribution, share, 0));
  });
});
